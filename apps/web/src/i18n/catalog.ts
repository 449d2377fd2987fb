import type { messages as access } from '../features/access/messages.zh-CN';
import type { messages as app } from '../features/app/messages.zh-CN';
import type { messages as calculator } from '../features/calculator/messages.zh-CN';
import type { messages as consoleMessages } from '../features/console/messages.zh-CN';
import type { messages as customFields } from '../features/custom-fields/messages.zh-CN';
import type { messages as home } from '../features/home/messages.zh-CN';
import type { messages as members } from '../features/members/messages.zh-CN';
import type { messages as people } from '../features/people/messages.zh-CN';
import type { messages as plugins } from '../features/plugins/messages.zh-CN';
import type { messages as policies } from '../features/policies/messages.zh-CN';
import type { messages as reports } from '../features/reports/messages.zh-CN';
import type { messages as security } from '../features/security/messages.zh-CN';
import type { messages as signIn } from '../features/sign-in/messages.zh-CN';
import type { messages as tenant } from '../features/tenant/messages.zh-CN';
import type { messages as verify } from '../features/verify/messages.zh-CN';
import type { messages as intake } from '../features/intake/messages.zh-CN';
import type { messages as risk } from '../features/risk/messages.zh-CN';
import type { messages as me } from '../features/me/messages.zh-CN';
import type { messages as close } from '../features/close/messages.zh-CN';
import type { messages as integrations } from '../features/integrations/messages.zh-CN';
import type { messages as baseAdjustment } from '../features/base-adjustment/messages.zh-CN';
import type { messages as migrations } from '../features/migrations/messages.zh-CN';
import type { messages as dualRun } from '../features/dual-run/messages.zh-CN';

export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/**
 * Which feature's message files hold the keys of each prefix. Only the active language's files
 * of the features in view are loaded (one small chunk each); `app` is loaded before the first render.
 */
export const FEATURE_OF_PREFIX = {
  app: 'app', auth: 'app', header: 'app', lang: 'app', nav: 'app', common: 'app', error: 'app', guard: 'app',
  notFound: 'app', industry: 'app', role: 'app',
  signIn: 'sign-in',
  home: 'home', tenants: 'home',
  tenant: 'tenant', tenantHome: 'tenant',
  employees: 'people', employee: 'people', employeeStatus: 'people', hire: 'people', hukou: 'people',
  coverage: 'people', countdown: 'people', taskKind: 'people', taskStatus: 'people', tasks: 'people',
  inbox: 'people', sms: 'people', gateway: 'people', tracks: 'people', fund: 'people',
  policies: 'policies', revise: 'policies', revisions: 'policies', figure: 'policies', insurance: 'policies',
  rounding: 'policies', legend: 'policies',
  calc: 'calculator',
  security: 'security',
  console: 'console',
  access: 'access',
  customFields: 'custom-fields',
  plugins: 'plugins',
  reports: 'reports',
  members: 'members', invite: 'members',
  verify: 'verify', statement: 'verify',
  intake: 'intake', intakes: 'intake',
  risk: 'risk',
  me: 'me',
  close: 'close',
  integrations: 'integrations',
  baseAdjust: 'base-adjustment',
  migrations: 'migrations',
  dualRun: 'dual-run',
} as const;
export type Feature = (typeof FEATURE_OF_PREFIX)[keyof typeof FEATURE_OF_PREFIX];
export const FEATURES = [...new Set(Object.values(FEATURE_OF_PREFIX))] as Feature[];

/** The zh-CN reference of every feature: its keys and placeholders type `t()`. */
export type Reference = typeof access & typeof app & typeof calculator & typeof consoleMessages &
  typeof customFields & typeof home & typeof members & typeof people & typeof plugins & typeof policies & typeof reports &
  typeof security & typeof signIn & typeof tenant & typeof verify & typeof intake & typeof risk &
  typeof me & typeof close & typeof integrations & typeof baseAdjustment & typeof migrations & typeof dualRun;

type MessageModule = { messages: Readonly<Record<string, string>> };
// One lazy chunk per feature and language.
const loaders = import.meta.glob<MessageModule>('../features/*/messages.*.ts');

export function featureOf(key: string): Feature | undefined {
  const prefix = key.slice(0, key.indexOf('.'));
  return Object.hasOwn(FEATURE_OF_PREFIX, prefix) ? FEATURE_OF_PREFIX[prefix as keyof typeof FEATURE_OF_PREFIX] : undefined;
}

export async function importMessages(feature: Feature, lang: Lang): Promise<Readonly<Record<string, string>>> {
  const load = loaders[`../features/${feature}/messages.${lang}.ts`];
  if (!load) throw new Error(`no ${lang} messages for ${feature}`);
  return (await load()).messages;
}
