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
  'nav.policies': '政策库',
  'nav.calculator': '缴费计算器',
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
  'tenants.signInPrompt': '登录后可查看您有权进入的租户。',
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

  'insurance.pension': '养老保险',
  'insurance.medical': '医疗保险',
  'insurance.maternity': '生育保险',
  'insurance.unemployment': '失业保险',
  'insurance.workInjury': '工伤保险',
  'insurance.housingFund': '住房公积金',

  'figure.unverified': '未核实',
  'figure.unverifiedTitle': '该数据未找到，或来源等级低于 B，使用前请核实',
  'figure.notFound': '未找到',
  'figure.notApplicable': '不适用',
  'figure.grade': '等级 {grade}',
  'figure.gradeTitle': '来源可信度等级 {grade}（A 最高）',
  'figure.derived': '推算',
  'figure.derivedTitle': '由已公布的数据推算得出',
  'figure.source': '来源 {id}：{title}',
  'figure.sourceNoTitle': '来源 {id}',
  'figure.yes': '是',
  'figure.no': '否',
  'figure.default': '默认',
  'figure.defaultTitle': '来源未给出取整规则，按项目默认规则计算',

  'rounding.half-up-fen': '四舍五入到分',
  'rounding.half-up-yuan': '四舍五入到元',
  'rounding.up-jiao': '见分进角',

  'policies.title': '政策库',
  'policies.intro': '各城市每个政策年度的缴费基数上下限、费率与取整规则，每个数字都注明来源和可信度等级。',
  'policies.loadFailed': '无法加载政策库',
  'policies.recordFailed': '无法加载该政策年度',
  'policies.listLabel': '城市与政策年度',
  'policies.yearLabel': '{year} 年度',
  'policies.period': '{from} 至 {to}',
  'policies.lowestGrade': '最低等级 {grade}',
  'policies.latest': '最新',
  'policies.choose': '请在左侧选择城市和政策年度。',
  'policies.heading': '{city} {year} 年度政策',
  'policies.policyId': '政策编号',
  'policies.effective': '生效期间',
  'policies.provisionalTitle': '暂用上一年度',
  'policies.provisionalBody':
    '这是{city}已知的最新政策年度。{to} 之后的月份在新基数公布前暂按本年度计算（计算结果标记为“暂用”），新基数公布后由年度调整补缴或退还差额。',
  'policies.needsCheck': '本年度有未找到或等级低于 B 的数据，标有“未核实”的数字使用前请核实。',
  'policies.col.insurance': '险种',
  'policies.col.floor': '基数下限（元）',
  'policies.col.cap': '基数上限（元）',
  'policies.col.employerRate': '单位费率',
  'policies.col.employeeRate': '个人费率',
  'policies.col.fixed': '固定金额（元）',
  'policies.col.rounding': '取整（单位 / 个人）',
  'policies.hukouLocal': '本地户籍',
  'policies.hukouNonLocal': '非本地户籍',
  'policies.range': '{min} – {max}（按行业选择）',
  'policies.includesMaternity': '含生育保险',
  'policies.employerShort': '单位',
  'policies.employeeShort': '个人',
  'policies.integerPercent': '公积金比例须为整数百分比',
  'policies.employeeNotBelowEmployer': '公积金个人比例不得低于单位比例',
  'policies.cutOffDay': '每月增减员截止日',
  'policies.cutOffDayNone': '来源未给出，使用租户设置',
  'policies.notes': '说明',
  'policies.sources': '来源',
  'policies.sourceGrade': '等级 {grade}',
  'policies.codeNote': '城市代码说明',
  'revisions.title': '修订记录',
  'revisions.effective': '生效中',
  'revisions.shipped': '随产品发布',
  'revisions.superseded': '{id} 已被更新的修订取代；已用它计算的结果仍引用此编号。',
  'revise.open': '修订',
  'revise.title': '修订 {id}',
  'revise.hint': '按政策数据文件的格式编辑 JSON。每个给出的数字都须注明来源和等级；保存后成为新的修订，新的计算即用它，旧的计算仍引用原编号。',
  'revise.record': '政策记录（JSON）',
  'revise.sources': '新增来源（可选，JSON 列表）',
  'revise.sourcesHint': '记录引用了来源登记表中没有的文件时，在此登记：id、标题、网址、等级。',
  'revise.note': '修订说明（改了什么、依据什么）',
  'revise.submit': '保存为新修订',
  'revise.saving': '保存中…',
  'revise.cancel': '取消',
  'revise.invalidJson': '不是有效的 JSON',
  'revise.saved': '已保存为 {id}，新的计算将使用它。',

  'calc.title': '缴费计算器',
  'calc.intro': '输入月工资，按所选城市和月份的政策计算每个险种的缴费基数、单位和个人缴费金额，精确到分。',
  'calc.city': '城市',
  'calc.month': '缴费月份',
  'calc.wage': '月工资（元）',
  'calc.hukou': '户籍',
  'calc.hukouLocal': '本地',
  'calc.hukouNonLocal': '非本地',
  'calc.injuryRate': '工伤费率',
  'calc.injuryRateHint': '如 0.004；不填则用该城市的最低费率。',
  'calc.housingFundRate': '公积金比例',
  'calc.housingFundRateHint': '如 0.12，单位和个人相同；不填则不计公积金。',
  'calc.submit': '计算',
  'calc.submitting': '正在计算…',
  'calc.failed': '无法计算',
  'calc.citiesFailed': '无法加载城市列表',
  'calc.resultTitle': '{city} {month} 缴费明细',
  'calc.policy': '适用政策 {policyId}',
  'calc.provisional': '暂用',
  'calc.provisionalTitle': '该月份尚无新政策年度，暂按上一年度计算',
  'calc.col.insurance': '险种',
  'calc.col.base': '缴费基数（元）',
  'calc.col.employerRate': '单位费率',
  'calc.col.employer': '单位缴费（元）',
  'calc.col.employeeRate': '个人费率',
  'calc.col.employee': '个人缴费（元）',
  'calc.total': '合计',
  'calc.fixedIncluded': '含固定金额 {amount} 元',
  'calc.noLines': '没有可计算的险种。',
  'calc.warnings': '提示',
  'calc.sources': '来源',
  'calc.chartTitle': '各险种单位与个人缴费',
  'calc.chartLabel': '堆叠柱状图：各险种的单位和个人缴费金额（元），数值见上表',
  'calc.employer': '单位',
  'calc.employee': '个人',

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
  'nav.policies': 'Policy library',
  'nav.calculator': 'Calculator',
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
  'tenants.signInPrompt': 'Sign in to see the tenants you can reach.',
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

  'insurance.pension': 'Pension',
  'insurance.medical': 'Medical',
  'insurance.maternity': 'Maternity',
  'insurance.unemployment': 'Unemployment',
  'insurance.workInjury': 'Work injury',
  'insurance.housingFund': 'Housing fund',

  'figure.unverified': 'Unverified',
  'figure.unverifiedTitle': 'Not found, or its source is graded below B: check before relying on it',
  'figure.notFound': 'Not found',
  'figure.notApplicable': 'Not applicable',
  'figure.grade': 'Grade {grade}',
  'figure.gradeTitle': 'Source confidence grade {grade} (A is highest)',
  'figure.derived': 'Derived',
  'figure.derivedTitle': 'Inferred by arithmetic from published figures',
  'figure.source': 'Source {id}: {title}',
  'figure.sourceNoTitle': 'Source {id}',
  'figure.yes': 'Yes',
  'figure.no': 'No',
  'figure.default': 'Default',
  'figure.defaultTitle': 'No source gives the rounding rule; the project default applies',

  'rounding.half-up-fen': 'Half up to the fen',
  'rounding.half-up-yuan': 'Half up to the yuan',
  'rounding.up-jiao': 'Up to the jiao (见分进角)',

  'policies.title': 'Policy library',
  'policies.intro':
    "Each city's contribution base floor and cap, rates and rounding for every policy year, each figure with its source and confidence grade.",
  'policies.loadFailed': 'Could not load the policy library',
  'policies.recordFailed': 'Could not load this policy year',
  'policies.listLabel': 'Cities and policy years',
  'policies.yearLabel': 'Policy year {year}',
  'policies.period': '{from} to {to}',
  'policies.lowestGrade': 'Lowest grade {grade}',
  'policies.latest': 'Latest',
  'policies.choose': 'Choose a city and a policy year on the left.',
  'policies.heading': '{city}, policy year {year}',
  'policies.policyId': 'Policy id',
  'policies.effective': 'In effect',
  'policies.provisionalTitle': 'Provisional: previous year carried forward',
  'policies.provisionalBody':
    "This is {city}'s latest known policy year. Months after {to} are computed with it until the new bases are published (quotes are marked provisional); the annual adjustment then settles the difference.",
  'policies.needsCheck': 'Some figures of this year are not found or graded below B; check those marked “Unverified” before relying on them.',
  'policies.col.insurance': 'Insurance',
  'policies.col.floor': 'Base floor (yuan)',
  'policies.col.cap': 'Base cap (yuan)',
  'policies.col.employerRate': 'Employer rate',
  'policies.col.employeeRate': 'Employee rate',
  'policies.col.fixed': 'Fixed amount (yuan)',
  'policies.col.rounding': 'Rounding (employer / employee)',
  'policies.hukouLocal': 'Local hukou',
  'policies.hukouNonLocal': 'Non-local hukou',
  'policies.range': '{min} – {max} (by industry)',
  'policies.includesMaternity': 'Includes maternity',
  'policies.employerShort': 'Employer',
  'policies.employeeShort': 'Employee',
  'policies.integerPercent': 'Housing-fund rates must be whole percentages',
  'policies.employeeNotBelowEmployer': 'The employee housing-fund rate may not be below the employer rate',
  'policies.cutOffDay': 'Monthly enrollment cut-off day',
  'policies.cutOffDayNone': 'No source gives one; the tenant setting applies',
  'policies.notes': 'Notes',
  'policies.sources': 'Sources',
  'policies.sourceGrade': 'Grade {grade}',
  'policies.codeNote': 'About the city code',
  'revisions.title': 'Revisions',
  'revisions.effective': 'In use',
  'revisions.shipped': 'Shipped with the product',
  'revisions.superseded': '{id} has been superseded by a newer revision; quotes made with it still cite this id.',
  'revise.open': 'Revise',
  'revise.title': 'Revise {id}',
  'revise.hint': 'Edit the JSON in the shape of the policy data files. Every given figure needs a source and a grade. Saving files a new revision: new quotes use it, earlier quotes keep their id.',
  'revise.record': 'Policy record (JSON)',
  'revise.sources': 'New sources (optional, a JSON list)',
  'revise.sourcesHint': 'When the record cites a document the source register lacks, register it here: id, title, url, grade.',
  'revise.note': 'Note (what changed, on what authority)',
  'revise.submit': 'Save as a new revision',
  'revise.saving': 'Saving…',
  'revise.cancel': 'Cancel',
  'revise.invalidJson': 'Not valid JSON',
  'revise.saved': 'Saved as {id}; new quotes use it.',

  'calc.title': 'Contribution calculator',
  'calc.intro':
    "Enter a monthly wage to get each insurance's contribution base and the employer's and employee's amounts, to the fen, under the chosen city's policy for that month.",
  'calc.city': 'City',
  'calc.month': 'Contribution month',
  'calc.wage': 'Monthly wage (yuan)',
  'calc.hukou': 'Hukou',
  'calc.hukouLocal': 'Local',
  'calc.hukouNonLocal': 'Non-local',
  'calc.injuryRate': 'Work-injury rate',
  'calc.injuryRateHint': "For example 0.004; empty uses the city's lowest rate.",
  'calc.housingFundRate': 'Housing-fund rate',
  'calc.housingFundRateHint': 'For example 0.12, for both sides; empty leaves the housing fund out.',
  'calc.submit': 'Calculate',
  'calc.submitting': 'Calculating…',
  'calc.failed': 'Could not calculate',
  'calc.citiesFailed': 'Could not load the cities',
  'calc.resultTitle': '{city}, {month}: contributions',
  'calc.policy': 'Policy {policyId}',
  'calc.provisional': 'Provisional',
  'calc.provisionalTitle': 'No policy year is known for this month yet; the previous one is carried forward',
  'calc.col.insurance': 'Insurance',
  'calc.col.base': 'Base (yuan)',
  'calc.col.employerRate': 'Employer rate',
  'calc.col.employer': 'Employer (yuan)',
  'calc.col.employeeRate': 'Employee rate',
  'calc.col.employee': 'Employee (yuan)',
  'calc.total': 'Total',
  'calc.fixedIncluded': 'includes a fixed {amount} yuan',
  'calc.noLines': 'No insurance line could be computed.',
  'calc.warnings': 'Warnings',
  'calc.sources': 'Sources',
  'calc.chartTitle': 'Employer and employee contributions per insurance',
  'calc.chartLabel': 'Stacked bar chart of employer and employee contributions (yuan) per insurance; the figures are in the table above',
  'calc.employer': 'Employer',
  'calc.employee': 'Employee',

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
