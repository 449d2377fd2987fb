import { createSignal } from 'solid-js';
import { FEATURES, featureOf, importMessages, LANGS, type Feature, type Lang, type Reference } from './i18n/catalog';
import { formatMessage, type Placeholders } from './i18n/message-format';

export { LANGS, type Feature, type Lang } from './i18n/catalog';
export const DEFAULT_LANG: Lang = 'zh-CN';
export const LANG_STORAGE_KEY = 'lianxu.lang';

// Keys are flat, grouped by a dotted prefix per screen; each prefix belongs to one feature's
// message files (src/features/<feature>/messages.<lang>.ts), zh-CN being the reference.
export type MessageKey = keyof Reference;
export type Messages = { readonly [K in MessageKey]: string };
/** Keys whose message has no placeholder: they can be stored and translated later without params. */
export type PlainMessageKey = {
  [K in MessageKey]: [Placeholders<Reference[K]>] extends [never] ? K : never;
}[MessageKey];
type ParamsOf<Ref, K extends keyof Ref> = [Placeholders<Ref[K]>] extends [never]
  ? []
  : [params: Record<Placeholders<Ref[K]>, string | number>];
type ParamsFor<K extends MessageKey> = ParamsOf<Reference, K>;
type MessageModule = { messages: Readonly<Record<string, string>> };
type MessageLoaders = Readonly<Record<Lang, () => Promise<MessageModule>>>;

// Message files the app does not know by name (a plugin's web UI), registered when its code loads.
const registered = new Map<string, { prefixes: readonly string[]; loaders: MessageLoaders }>();

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

function readStoredLang(): Lang {
  try {
    const stored = globalThis.localStorage?.getItem(LANG_STORAGE_KEY);
    return isLang(stored) ? stored : DEFAULT_LANG;
  } catch {
    // Storage can be blocked (privacy settings); the default language still works.
    return DEFAULT_LANG;
  }
}

const [currentLang, setCurrentLang] = createSignal<Lang>(readStoredLang());
// Bumped whenever messages arrive, so every t() read re-runs.
const [loadedVersion, setLoadedVersion] = createSignal(0);
const texts: Record<Lang, Map<string, string>> = { 'zh-CN': new Map(), en: new Map() };
const loaded: Record<Lang, Set<string>> = { 'zh-CN': new Set(), en: new Set() };
const pending = new Map<string, Promise<void>>();

/** The current interface language (reactive). */
export const lang = currentLang;

/** Loads the messages of these features in one language (the current one by default); loaded ones are kept. */
export function loadMessages(features: readonly (Feature | (string & {}))[], language: Lang = currentLang()): Promise<void> {
  return Promise.all(
    features.map((feature) => {
      if (loaded[language].has(feature)) return undefined;
      const id = `${language}/${feature}`;
      let load = pending.get(id);
      if (!load) {
        const extra = registered.get(feature);
        load = (extra ? extra.loaders[language]().then((m) => m.messages) : importMessages(feature as Feature, language)).then(
          (messages) => {
            for (const [key, text] of Object.entries(messages)) texts[language].set(key, text);
            loaded[language].add(feature);
            pending.delete(id);
            setLoadedVersion((v) => v + 1);
          },
          (error: unknown) => {
            pending.delete(id);
            throw error;
          },
        );
        pending.set(id, load);
      }
      return load;
    }),
  ).then(() => undefined);
}

/** Every message of a language (for tests and tooling; the UI uses t()). */
export async function loadAllMessages(language: Lang): Promise<Messages> {
  await loadMessages(FEATURES, language);
  return Object.fromEntries(texts[language]) as Messages;
}

function applyToDocument(value: Lang): void {
  if (typeof document !== 'undefined') document.documentElement.lang = value;
}
applyToDocument(currentLang());

/** Switches the language once the messages of the features already shown are loaded in it (no blank flash). */
export async function setLang(value: Lang): Promise<void> {
  await loadMessages([...loaded[currentLang()]], value);
  setCurrentLang(value);
  applyToDocument(value);
  try {
    globalThis.localStorage?.setItem(LANG_STORAGE_KEY, value);
  } catch {
    // Not persisted when storage is blocked; the switch still applies to this page.
  }
}

export function toggleLang(): Promise<void> {
  return setLang(currentLang() === 'zh-CN' ? 'en' : 'zh-CN');
}

/** A message of a feature not loaded yet: load it (t() re-runs when it arrives) and show nothing meanwhile. */
function missing(key: string, language: Lang): string | undefined {
  const prefix = key.slice(0, key.indexOf('.'));
  const feature = featureOf(key) ?? [...registered].find(([, r]) => r.prefixes.includes(prefix))?.[0];
  if (!feature || loaded[language].has(feature)) return undefined;
  void loadMessages([feature], language).catch(() => {});
  return '';
}

/**
 * Translates a key in the current language; reading it inside JSX or an effect tracks the language.
 * `{name}` takes a value, `{n, plural, one {…} other {…}}` picks the form by Intl.PluralRules.
 */
export function t<K extends MessageKey>(key: K, ...params: ParamsFor<K>): string {
  return translate(key, params[0] as Record<string, string | number> | undefined);
}

function translate(key: string, values: Record<string, string | number> | undefined): string {
  loadedVersion();
  const language = currentLang();
  const text = texts[language].get(key);
  if (text === undefined) return missing(key, language) ?? key;
  return formatMessage(text, values, language);
}

/**
 * Message files outside the app's catalog (a plugin's web UI): `feature` names them, `prefixes`
 * are the key prefixes they own. Returns their loader and a `t` typed by the zh-CN reference.
 */
export function defineMessages<Ref>(feature: string, prefixes: readonly string[], loaders: MessageLoaders) {
  registered.set(feature, { prefixes, loaders });
  return {
    load: (): Promise<void> => loadMessages([feature]),
    t: <K extends keyof Ref & string>(key: K, ...params: ParamsOf<Ref, K>): string =>
      translate(key, params[0] as Record<string, string | number> | undefined),
  };
}

/** Translates a value from an open set (industry, role): unknown values are shown as they come. */
export function tOptional(prefix: 'industry' | 'role', value: string): string {
  loadedVersion();
  const key = `${prefix}.${value}`;
  const language = currentLang();
  return texts[language].get(key) ?? (missing(key, language) === '' ? '' : value);
}

/** Joins names the way the language does (深圳、成都和上海 / Shenzhen, Chengdu, and Shanghai). */
export function formatList(items: readonly string[]): string {
  return new Intl.ListFormat(currentLang(), { style: 'long', type: 'conjunction' }).format(items);
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(currentLang(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
