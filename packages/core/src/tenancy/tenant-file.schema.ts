import type { Document } from 'yaml';
import { parseBoundedYaml } from './bounded-yaml';
import { z } from 'zod';
import { localizeIssue, text } from '@lianxu/plugin-sdk';
import type { TenantSpec } from './tenant-spec';
import { customFieldListSchema } from '../custom-fields/index';
import { creditCodeProblem, DomainError } from '../shared/index';
import type { PluginSet } from '../plugins/index';
import { checkPluginSections, formerKeyHint, knownKeysOf } from './tenant-file.plugin-sections';

const cityCode = z.string().regex(/^[0-9]{6}$/, 'a GB/T 2260 city code has six digits');
const mobile = z.string().regex(/^1[3-9]\d{9}$/, 'an 11-digit mainland mobile number');

const registration = z
  .object({
    city: cityCode,
    agency: z.enum(['social_insurance', 'medical_insurance', 'housing_fund']),
    number: z.string().trim().min(1).max(32).regex(/^[0-9A-Za-z-]+$/, 'letters, digits and dashes'),
    gateway: z.enum(['bureau-sim', 'filing-file']),
  })
  .strict();

const entity = z
  .object({
    name: text({ max: 200 }),
    creditCode: z
      .string()
      .refine((v) => creditCodeProblem(v) !== 'shape', '统一社会信用代码 has 18 characters from 0-9 and A-Y without I, O, S, V, Z')
      .refine((v) => creditCodeProblem(v) !== 'check_char', '统一社会信用代码 check character is wrong (GB 32100)'),
    registrations: z
      .array(registration)
      .default([])
      .refine((regs) => new Set(regs.map((r) => `${r.city}/${r.agency}`)).size === regs.length, 'a city and agency is registered twice'),
  })
  .strict();

const plugin = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,48}[a-z0-9]$/, 'a plugin id: lowercase letters, digits and dashes'),
    enabled: z.boolean(),
    options: z.record(z.string(), z.unknown()).optional(),
    // The plugin's own section (a retail chain's branches...), checked against the schema of the
    // plugin's tenantConfig hook by `lianxu tenants validate`, applied by the plugin.
    config: z.record(z.string(), z.unknown()).describe("The plugin's own section of the file (e.g. a retail chain's branches), checked against the plugin's schema").optional(),
  })
  .strict();

/** Lists keyed by something must not list it twice; the issue points at the second one. */
function unique<T>(what: string, keyOf: (item: T) => string, field: string) {
  return (list: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      const k = keyOf(item);
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [i, field], message: `${what} is listed twice` });
      seen.add(k);
    });
  };
}

export const tenantFileSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and dashes'),
    name: text({ max: 200 }),
    industry: z.enum(['manufacturing', 'retail', 'services', 'technology', 'other']),
    workCities: z
      .array(z.object({ code: cityCode, name: text({ max: 50 }), cutoffDay: z.number().int().min(1).max(28).default(25) }).strict())
      .min(1)
      .superRefine(unique('a city', (c) => c.code, 'code')),
    settings: z
      .object({
        warnDay: z.number().int().min(1).max(29).default(25),
        approvalRequired: z.boolean().default(false),
      })
      .strict()
      .default({ warnDay: 25, approvalRequired: false }),
    entities: z.array(entity).default([]).superRefine(unique('an entity', (e) => e.creditCode, 'creditCode')),
    plugins: z.array(plugin).max(50).superRefine(unique('a plugin', (p) => p.id, 'id')).optional(),
    customFields: customFieldListSchema.optional(),
    consultantGrants: z.array(z.email('an e-mail address').transform((e) => e.toLowerCase())).max(100).superRefine(unique('a consultant', (e) => e, '')).optional(),
    demo: z
      .object({
        users: z.array(z.object({ email: z.string().email(), name: text({ max: 100 }), role: z.enum(['tenant_admin', 'hr', 'employee']), mobile: mobile.optional() }).strict()).default([]),
        consultants: z.array(z.object({ email: z.string().email(), name: text({ max: 100 }) }).strict()).default([]),
      })
      .strict()
      .optional(),
  })
  .strict();

/** The JSON Schema of tenant.yaml for editors (tenants/tenant.schema.json is this, written by `lianxu tenants schema`). */
export function tenantFileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(tenantFileSchema, { io: 'input', unrepresentable: 'any', target: 'draft-7' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'https://lianxu.dev/schemas/tenant.schema.json',
    title: 'Lianxu tenant file (tenants/<slug>/tenant.yaml)',
    description: 'One tenant as code: profile, work cities, settings, employing entities, plugins (each with its own section under config), custom fields and consultant grants. Check with `npx lianxu tenants validate`, preview with `tenants plan`, apply with `tenants apply`.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

export interface TenantFileProblem {
  path: string;
  line?: number;
  /** English (the CLI prints it). */
  message: string;
  /** The Chinese twin, when the check wrote one (plugins' sections); else the English answers in both languages. */
  zh?: string;
}

/** A tenant file that does not pass its checks: a 400 naming each problem's path (with its line). */
export class TenantFileError extends DomainError {
  constructor(
    readonly file: string,
    readonly problems: TenantFileProblem[],
  ) {
    super(400, 'validation_failed', { 'zh-CN': '租户配置文件有误', en: 'The tenant file is invalid' }, Object.fromEntries(problems.map((p) => {
      // Core's schema messages are English and answer in both languages; plugins' sections may say both.
      const text = `${p.line ? `line ${p.line}: ` : ''}${p.message}`;
      return [p.path, { 'zh-CN': p.zh ? `${p.line ? `第 ${p.line} 行：` : ''}${p.zh}` : text, en: text }];
    })));
    // One line a problem, file:line first: what the CLI and the console print.
    this.message = problems.map((p) => `${file}${p.line ? `:${p.line}` : ''} ${p.path}: ${p.message}`).join('\n');
    this.name = 'TenantFileError';
  }
}

/**
 * What the file is checked against beyond its shape: the installed plugins (ids, options,
 * requirements, and each plugin's own section under `config`). Without them a section is only
 * checked to be a mapping; provisioning checks it again against its plugin before applying it.
 */
export interface TenantFileContext {
  plugins?: PluginSet;
}

const pathText = (path: readonly PropertyKey[]) => path.map(String).join('.') || '(root)';

/** Parses and validates a tenant file; every error names the file, the line and the field. */
export function parseTenantFile(text: string, file: string, context: TenantFileContext = {}): TenantSpec {
  const yaml = parseBoundedYaml(text);
  if (!yaml.ok) throw new TenantFileError(file, yaml.problems.map((p) => ({ path: '(yaml)', ...p })));
  const { doc } = yaml;
  const problem = (path: (string | number)[], message: string): TenantFileProblem => ({ path: pathText(path), line: lineOf(doc, text, path), message });
  const parsed = tenantFileSchema.safeParse(yaml.data);
  if (!parsed.success) {
    const problems: TenantFileProblem[] = [];
    for (const issue of parsed.error.issues) {
      const path = issue.path as (string | number)[];
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const moved = path.length === 0 ? formerKeyHint(key, context.plugins) : null;
          const fields = knownKeysOf(tenantFileSchema, path);
          problems.push({ ...problem([...path, key], moved ?? `unknown field (fields here: ${fields})`), ...(moved ? {} : { zh: `未知字段（此处可用的字段：${fields}）` }) });
        }
      } else {
        // An issue on a list item's own value (consultantGrants) points at the item.
        const message = localizeIssue(issue);
        problems.push({ ...problem(path.filter((p) => p !== ''), message.en), zh: message['zh-CN'] });
      }
    }
    throw new TenantFileError(file, problems);
  }
  const data = parsed.data;
  const problems: TenantFileProblem[] = [];
  const cities = new Set(data.workCities.map((c) => c.code));
  data.entities.forEach((e, i) =>
    e.registrations.forEach((r, j) => {
      if (!cities.has(r.city)) problems.push(problem(['entities', i, 'registrations', j, 'city'], 'this city is not in workCities'));
    }),
  );
  let plugins = data.plugins;
  if (context.plugins && plugins) {
    problems.push(...pluginProblems(plugins, context.plugins, problem));
    const sections = checkPluginSections(plugins, context.plugins, [...cities]);
    for (const p of sections.problems) problems.push({ ...problem(p.path, p.message.en), zh: p.message['zh-CN'] });
    plugins = sections.plugins;
  }
  if (problems.length) throw new TenantFileError(file, problems);

  const spec: TenantSpec = { slug: data.slug, name: data.name, industry: data.industry, workCities: data.workCities, settings: data.settings, entities: data.entities };
  if (plugins) spec.plugins = plugins;
  if (data.customFields) spec.customFields = data.customFields;
  if (data.consultantGrants) spec.consultantGrants = data.consultantGrants;
  if (data.demo) spec.demo = data.demo;
  return spec;
}

function pluginProblems(
  listed: NonNullable<TenantSpec['plugins']>,
  installed: PluginSet,
  problem: (path: (string | number)[], message: string) => TenantFileProblem,
): TenantFileProblem[] {
  const out: TenantFileProblem[] = [];
  const enabled = new Set(listed.filter((p) => p.enabled).map((p) => p.id));
  listed.forEach((p, i) => {
    const plugin = installed.get(p.id);
    if (!plugin) {
      out.push(problem(['plugins', i, 'id'], `no installed plugin ${p.id} (installed: ${installed.list.map((x) => x.id).join(', ') || 'none'})`));
      return;
    }
    const schema = plugin.definition.options;
    if (!schema && p.options && Object.keys(p.options).length) out.push(problem(['plugins', i, 'options'], `${p.id} takes no options`));
    if (schema) {
      const result = schema.safeParse(p.options ?? {});
      if (!result.success) {
        for (const issue of result.error.issues) {
          const path = ['plugins', i, 'options', ...(issue.path as (string | number)[])];
          if (issue.code === 'unrecognized_keys') for (const key of issue.keys) out.push(problem([...path, key], 'not an option of this plugin'));
          else out.push(problem(path, issue.message));
        }
      }
    }
    if (p.enabled) {
      const missing = plugin.requires.filter((r) => r.id !== 'core' && !enabled.has(r.id)).map((r) => r.id);
      if (missing.length) out.push(problem(['plugins', i, 'enabled'], `${p.id} requires ${missing.join(', ')}, which is not enabled here`));
    }
  });
  return out;
}

type YamlNode = { range?: [number, number, number]; items?: { key?: { value?: unknown; range?: [number, number, number] } }[] };

/** The line of a path: the key's own line for a map field, else the deepest node the path reaches (a missing field: its parent). */
function lineOf(doc: Document, text: string, path: (string | number)[]): number | undefined {
  const line = (offset: number) => text.slice(0, offset).split('\n').length;
  const last = path[path.length - 1];
  if (typeof last === 'string') {
    const parent = (path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents) as YamlNode | undefined;
    const pair = parent?.items?.find((item) => item.key?.value === last);
    if (pair?.key?.range) return line(pair.key.range[0]);
  }
  for (let n = path.length; n >= 0; n--) {
    const node = (n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true)) as YamlNode | undefined;
    if (node?.range) return line(node.range[0]);
  }
  return undefined;
}
