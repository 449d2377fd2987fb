// What a message for people must not contain: type names, schema and pattern vocabulary, code
// identifiers (snake_case, camelCase with a dot path), table names. Used by the fuzz crawl of every
// error the API can produce and by the API tests that check their own messages.
const DEVELOPER_TEXT = [
  /\b(string|boolean|bigint|undefined|NaN|regex|regexp|schema|enum|union|null|jsonb|uuid)\b/i,
  /\bexpected\b.*\breceived\b/i,
  /\b[a-z]+_[a-z0-9_]+\b/, // snake_case identifiers and table names (tenant_admin, filing_tasks)
  /[\^$]\[|\\d|\[a-z/, // regular expressions
  /期望|字符串|正则|对象|数组/,
];

/** The first message (and the rule it breaks) that shows developer text, if any. */
export function developerTextIn(messages: unknown[]): string | undefined {
  for (const m of messages) {
    if (typeof m !== 'string') continue;
    // What the user typed, quoted back ("没有自定义字段“fz_missing”"), is theirs, not developer text.
    const unquoted = m.replace(/“[^”]*”|"[^"]*"|「[^」]*」/g, '“…”');
    const rule = DEVELOPER_TEXT.find((r) => r.test(unquoted));
    if (rule) return `${JSON.stringify(m)} (matches ${rule})`;
  }
  return undefined;
}
