/** What a translation must provide: the reference (zh-CN) keys, each with any text. */
export type MessagesLike<Reference> = { readonly [K in keyof Reference]: string };

/** Names of the `{placeholders}` in a (reference) message. */
export type Placeholders<S> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

export type MessageValues = Readonly<Record<string, string | number>>;

/** The index of the `}` that closes the `{` at `open`, or -1. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

const PLURAL_OPTION = /\s*(=\d+|zero|one|two|few|many|other)\s*\{/y;

/** `one {# row} other {# rows}` → Map { one → '# row', other → '# rows' }. */
function pluralOptions(text: string): Map<string, string> {
  const options = new Map<string, string>();
  let at = 0;
  for (;;) {
    PLURAL_OPTION.lastIndex = at;
    const match = PLURAL_OPTION.exec(text);
    if (!match) return options;
    const open = PLURAL_OPTION.lastIndex - 1;
    const close = closingBrace(text, open);
    if (close < 0) return options;
    options.set(match[1]!, text.slice(open + 1, close));
    at = close + 1;
  }
}

function formatArgument(body: string, values: MessageValues, lang: string): string | undefined {
  const comma = body.indexOf(',');
  const name = (comma < 0 ? body : body.slice(0, comma)).trim();
  if (!Object.hasOwn(values, name)) return undefined;
  const value = values[name]!;
  if (comma < 0) return String(value);
  // `{count, plural, one {# row} other {# rows}}`: the form is chosen by the language's plural rules.
  const rest = body.slice(comma + 1);
  const kind = /^\s*plural\s*,/.exec(rest);
  if (!kind) return undefined;
  const options = pluralOptions(rest.slice(kind[0].length));
  const n = Number(value);
  const form = options.get(`=${n}`) ?? options.get(new Intl.PluralRules(lang).select(n)) ?? options.get('other') ?? '';
  return formatMessage(form.replaceAll('#', new Intl.NumberFormat(lang).format(n)), values, lang);
}

/**
 * Fills `{name}` placeholders and `{name, plural, one {…} other {…}}` choices (ICU's syntax, the
 * subset we use). A placeholder without a value is left as written.
 */
export function formatMessage(text: string, values: MessageValues | undefined, lang: string): string {
  if (!values) return text;
  let out = '';
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('{', at);
    const close = open < 0 ? -1 : closingBrace(text, open);
    if (close < 0) return out + text.slice(at);
    out += text.slice(at, open) + (formatArgument(text.slice(open + 1, close), values, lang) ?? text.slice(open, close + 1));
    at = close + 1;
  }
  return out;
}

/** The argument names a message uses (plain or plural), for checking translations against the reference. */
export function argumentNames(text: string): string[] {
  const names = new Set<string>();
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('{', at);
    const close = open < 0 ? -1 : closingBrace(text, open);
    if (close < 0) break;
    const body = text.slice(open + 1, close);
    const comma = body.indexOf(',');
    names.add((comma < 0 ? body : body.slice(0, comma)).trim());
    if (comma >= 0) for (const option of pluralOptions(body.slice(body.indexOf(',', comma + 1) + 1)).values()) for (const n of argumentNames(option)) names.add(n);
    at = close + 1;
  }
  return [...names].sort();
}
