import { createSignal } from 'solid-js';

export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'zh-CN';
export const LANG_STORAGE_KEY = 'lianxu.lang';

// zh-CN is the reference dictionary: its keys (and placeholders) define what every other language
// must provide. Keys are flat, grouped by a dotted prefix per screen.
const zhCN = {
  'app.name': '连续',
  'app.nameLatin': 'Lianxu',
  'app.skipToContent': '跳到主要内容',
  'app.tagline': '社保与公积金，不断缴',

  'nav.label': '主导航',
  'nav.tenants': '租户',
  'nav.myTenants': '我的租户',
  'nav.security': '账户安全',
  'nav.signIn': '登录',

  'lang.switch': 'English',
  'lang.switchTitle': 'Switch the interface to English',

  'header.signedInAs': '已登录：{name}',
  'auth.signOut': '退出登录',

  'common.loading': '加载中…',
  'common.retry': '重试',
  'common.listSeparator': '、',
  'common.pageTitle': '{page} · 连续 Lianxu',

  'error.network': '无法连接服务器，请检查网络后重试。',
  'error.unexpected': '服务器返回了意外的响应（HTTP {status}）。',
  'error.sessionUnavailable': '暂时无法确认登录状态：{message}',

  'industry.manufacturing': '制造业',
  'industry.retail': '零售',

  'role.tenant_admin': '租户管理员',
  'role.hr': '人事专员',
  'role.employee': '员工',
  'role.consultant': '实施顾问',

  'tenants.title': '租户',
  'tenants.intro': '使用连续管理社保与公积金的客户公司。',
  'tenants.col.name': '名称',
  'tenants.col.slug': '标识',
  'tenants.col.industry': '行业',
  'tenants.col.cities': '工作城市',
  'tenants.empty': '还没有租户。',
  'tenants.loadFailed': '无法加载租户列表',

  'signIn.title': '登录',
  'signIn.intro': '使用公司邮箱和密码登录连续。',
  'signIn.email': '邮箱',
  'signIn.password': '密码',
  'signIn.submit': '登录',
  'signIn.submitting': '正在登录…',
  'signIn.twoFactorTitle': '两步验证',
  'signIn.twoFactorHint': '请输入身份验证器应用中显示的 6 位验证码。',
  'signIn.code': '验证码',
  'signIn.codeFormat': '验证码是 6 位数字。',
  'signIn.verify': '验证',
  'signIn.verifying': '正在验证…',
  'signIn.back': '返回，换个账号登录',

  'home.title': '我的租户',
  'home.intro': '选择要进入的公司。',
  'home.memberships': '我所属的公司',
  'home.grants': '授权给我的租户',
  'home.grantsHint': '实施顾问只能进入已获授权的租户，每次访问都会记录在审计日志中。',
  'home.none': '你还没有加入任何租户，请联系贵公司的租户管理员。',

  'tenantHome.navLabel': '租户导航',
  'tenantHome.nav.home': '首页',
  'tenantHome.yourRole': '你的角色',
  'tenantHome.industry': '行业',
  'tenantHome.slug': '标识',
  'tenantHome.loadFailed': '无法打开该租户',

  'security.title': '账户安全',
  'security.twoFactor.title': '两步验证',
  'security.twoFactor.enabled': '已启用：登录时除密码外还需要身份验证器中的验证码。',
  'security.twoFactor.disabled': '未启用：启用后，登录时除密码外还需要验证码。',
  'security.twoFactor.start': '启用两步验证',
  'security.twoFactor.starting': '正在生成密钥…',
  'security.twoFactor.setupHint':
    '在身份验证器应用中手动添加下面的密钥（或导入 otpauth 链接），然后输入它显示的 6 位验证码以确认。',
  'security.twoFactor.secret': '密钥',
  'security.twoFactor.uri': 'otpauth 链接',
  'security.twoFactor.code': '验证码',
  'security.twoFactor.confirm': '确认并启用',
  'security.twoFactor.confirming': '正在确认…',
  'security.twoFactor.recoveryTitle': '恢复码',
  'security.twoFactor.recoveryHint': '请立即妥善保存。每个恢复码只能使用一次，并且只显示这一次。',
  'security.sessions.title': '登录会话',
  'security.sessions.hint': '所有正在使用你账户的浏览器和设备。结束不认识的会话。',
  'security.sessions.createdAt': '登录时间',
  'security.sessions.lastUsedAt': '最近使用',
  'security.sessions.current': '当前设备',
  'security.sessions.end': '结束',
  'security.sessions.endLabel': '结束 {createdAt} 登录的会话',
  'security.sessions.empty': '没有其他会话。',
  'security.sessions.loadFailed': '无法加载会话列表',
  'security.everywhere.title': '在所有设备上退出',
  'security.everywhere.hint': '结束你的全部会话，包括当前这个。',
  'security.everywhere.button': '在所有设备上退出',

  'guard.checking': '正在确认登录状态…',

  'notFound.title': '页面不存在',
  'notFound.body': '你访问的地址不存在或已移动。',
  'notFound.back': '返回首页',
} as const;

export type MessageKey = keyof typeof zhCN;
export type Messages = { readonly [K in MessageKey]: string };

// Annotated with Messages: a missing key or an extra key in English is a type error.
const en: Messages = {
  'app.name': '连续',
  'app.nameLatin': 'Lianxu',
  'app.skipToContent': 'Skip to main content',
  'app.tagline': 'Social insurance and housing fund, unbroken',

  'nav.label': 'Main navigation',
  'nav.tenants': 'Tenants',
  'nav.myTenants': 'My tenants',
  'nav.security': 'Security',
  'nav.signIn': 'Sign in',

  'lang.switch': '中文',
  'lang.switchTitle': '将界面切换为中文',

  'header.signedInAs': 'Signed in as {name}',
  'auth.signOut': 'Sign out',

  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.listSeparator': ', ',
  'common.pageTitle': '{page} · 连续 Lianxu',

  'error.network': 'Cannot reach the server. Check your connection and try again.',
  'error.unexpected': 'The server answered unexpectedly (HTTP {status}).',
  'error.sessionUnavailable': 'Cannot check whether you are signed in: {message}',

  'industry.manufacturing': 'Manufacturing',
  'industry.retail': 'Retail',

  'role.tenant_admin': 'Tenant admin',
  'role.hr': 'HR specialist',
  'role.employee': 'Employee',
  'role.consultant': 'Implementation consultant',

  'tenants.title': 'Tenants',
  'tenants.intro': 'Client companies keeping their social insurance and housing fund in Lianxu.',
  'tenants.col.name': 'Name',
  'tenants.col.slug': 'Slug',
  'tenants.col.industry': 'Industry',
  'tenants.col.cities': 'Work cities',
  'tenants.empty': 'No tenants yet.',
  'tenants.loadFailed': 'Could not load the tenants',

  'signIn.title': 'Sign in',
  'signIn.intro': 'Sign in to Lianxu with your work email and password.',
  'signIn.email': 'Email',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',
  'signIn.submitting': 'Signing in…',
  'signIn.twoFactorTitle': 'Two-step verification',
  'signIn.twoFactorHint': 'Enter the 6-digit code shown in your authenticator app.',
  'signIn.code': 'Code',
  'signIn.codeFormat': 'The code has 6 digits.',
  'signIn.verify': 'Verify',
  'signIn.verifying': 'Verifying…',
  'signIn.back': 'Back, sign in with another account',

  'home.title': 'My tenants',
  'home.intro': 'Choose the company to work in.',
  'home.memberships': 'Companies you belong to',
  'home.grants': 'Tenants granted to you',
  'home.grantsHint':
    'Implementation consultants reach only the tenants granted to them; every visit is recorded in the audit trail.',
  'home.none': "You don't belong to any tenant yet. Ask your company's tenant admin.",

  'tenantHome.navLabel': 'Tenant navigation',
  'tenantHome.nav.home': 'Home',
  'tenantHome.yourRole': 'Your role',
  'tenantHome.industry': 'Industry',
  'tenantHome.slug': 'Slug',
  'tenantHome.loadFailed': 'Could not open this tenant',

  'security.title': 'Security',
  'security.twoFactor.title': 'Two-step verification',
  'security.twoFactor.enabled': 'On: signing in asks for a code from your authenticator app as well as your password.',
  'security.twoFactor.disabled': 'Off: when on, signing in also asks for a code from your authenticator app.',
  'security.twoFactor.start': 'Turn on two-step verification',
  'security.twoFactor.starting': 'Creating a secret…',
  'security.twoFactor.setupHint':
    'Add the secret below to your authenticator app by hand (or import the otpauth link), then enter the 6-digit code it shows to confirm.',
  'security.twoFactor.secret': 'Secret',
  'security.twoFactor.uri': 'otpauth link',
  'security.twoFactor.code': 'Code',
  'security.twoFactor.confirm': 'Confirm and turn on',
  'security.twoFactor.confirming': 'Confirming…',
  'security.twoFactor.recoveryTitle': 'Recovery codes',
  'security.twoFactor.recoveryHint': 'Store them safely now. Each works once, and they are shown only this time.',
  'security.sessions.title': 'Sessions',
  'security.sessions.hint': 'Every browser and device signed in to your account. End any you do not recognise.',
  'security.sessions.createdAt': 'Signed in',
  'security.sessions.lastUsedAt': 'Last used',
  'security.sessions.current': 'This device',
  'security.sessions.end': 'End',
  'security.sessions.endLabel': 'End the session signed in at {createdAt}',
  'security.sessions.empty': 'No sessions.',
  'security.sessions.loadFailed': 'Could not load your sessions',
  'security.everywhere.title': 'Sign out everywhere',
  'security.everywhere.hint': 'Ends all of your sessions, this one included.',
  'security.everywhere.button': 'Sign out everywhere',

  'guard.checking': 'Checking your sign-in…',

  'notFound.title': 'Page not found',
  'notFound.body': 'This address does not exist or has moved.',
  'notFound.back': 'Back to the start',
};

const dictionaries: Record<Lang, Messages> = { 'zh-CN': zhCN, en };

/** The whole dictionary of a language (for tests and tooling; the UI uses t()). */
export function messagesFor(value: Lang): Messages {
  return dictionaries[value];
}

/** Names of the `{placeholders}` in a message, taken from the zh-CN text. */
type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;
/** Keys whose message has no placeholder: they can be stored and translated later without params. */
export type PlainMessageKey = {
  [K in MessageKey]: [Placeholders<(typeof zhCN)[K]>] extends [never] ? K : never;
}[MessageKey];
type ParamsFor<K extends MessageKey> = [Placeholders<(typeof zhCN)[K]>] extends [never]
  ? []
  : [params: Record<Placeholders<(typeof zhCN)[K]>, string | number>];

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

/** The current interface language (reactive). */
export const lang = currentLang;

function applyToDocument(value: Lang): void {
  if (typeof document !== 'undefined') document.documentElement.lang = value;
}
applyToDocument(currentLang());

export function setLang(value: Lang): void {
  setCurrentLang(value);
  applyToDocument(value);
  try {
    globalThis.localStorage?.setItem(LANG_STORAGE_KEY, value);
  } catch {
    // Not persisted when storage is blocked; the switch still applies to this page.
  }
}

export function toggleLang(): void {
  setLang(currentLang() === 'zh-CN' ? 'en' : 'zh-CN');
}

/** Translates a key in the current language; reading it inside JSX or an effect tracks the language. */
export function t<K extends MessageKey>(key: K, ...params: ParamsFor<K>): string {
  const text = dictionaries[currentLang()][key];
  const values = params[0] as Record<string, string | number> | undefined;
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

/** Translates a value from an open set (industry, role): unknown values are shown as they come. */
export function tOptional(prefix: 'industry' | 'role', value: string): string {
  const key = `${prefix}.${value}`;
  return isMessageKey(key) ? dictionaries[currentLang()][key] : value;
}

function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}

export function formatList(items: readonly string[]): string {
  return items.join(t('common.listSeparator'));
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(currentLang(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
