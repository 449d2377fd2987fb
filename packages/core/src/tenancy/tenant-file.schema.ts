import { parseDocument } from 'yaml';
import { z } from 'zod';
import type { TenantSpec } from '@lianxu/workflows';
import { creditCodeProblem } from '../people/identifiers';

const cityCode = z.string().regex(/^[0-9]{6}$/, 'a GB/T 2260 city code has six digits');

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
    name: z.string().trim().min(1).max(200),
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

export const tenantFileSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and dashes'),
    name: z.string().trim().min(1).max(200),
    industry: z.enum(['manufacturing', 'retail', 'services', 'technology', 'other']),
    workCities: z
      .array(z.object({ code: cityCode, name: z.string().trim().min(1).max(50), cutoffDay: z.number().int().min(1).max(28).default(25) }).strict())
      .min(1)
      .refine((cities) => new Set(cities.map((c) => c.code)).size === cities.length, 'a city is listed twice'),
    settings: z
      .object({
        warnDay: z.number().int().min(1).max(29).default(25),
        approvalRequired: z.boolean().default(false),
      })
      .strict()
      .default({ warnDay: 25, approvalRequired: false }),
    entities: z
      .array(entity)
      .default([])
      .refine((list) => new Set(list.map((e) => e.creditCode)).size === list.length, 'an entity is listed twice'),
    demo: z
      .object({
        users: z.array(z.object({ email: z.string().email(), name: z.string().min(1).max(100), role: z.enum(['tenant_admin', 'hr', 'employee']), mobile: z.string().regex(/^1[3-9]\d{9}$/, 'an 11-digit mainland mobile number').optional() }).strict()).default([]),
        consultants: z.array(z.object({ email: z.string().email(), name: z.string().min(1).max(100) }).strict()).default([]),
      })
      .strict()
      .optional(),
  })
  .passthrough();

export class TenantFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { path: string; line?: number; message: string }[],
  ) {
    super(problems.map((p) => `${file}${p.line ? `:${p.line}` : ''} ${p.path}: ${p.message}`).join('\n'));
    this.name = 'TenantFileError';
  }
}

/** Parses and validates a tenant file; errors name the file, the line and the field. */
export function parseTenantFile(text: string, file: string): TenantSpec {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) {
    throw new TenantFileError(
      file,
      doc.errors.map((e) => ({ path: '(yaml)', line: e.linePos?.[0]?.line, message: e.message.split('\n')[0] ?? e.message })),
    );
  }
  const parsed = tenantFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new TenantFileError(
      file,
      parsed.error.issues.map((issue) => ({
        path: issue.path.join('.') || '(root)',
        line: lineOf(doc, text, issue.path as (string | number)[]),
        message: issue.message,
      })),
    );
  }
  const { slug, name, industry, workCities, settings, entities, demo } = parsed.data;
  const cities = new Set(workCities.map((c) => c.code));
  const strays = entities.flatMap((e, i) => e.registrations.map((r, j) => ({ r, path: ['entities', i, 'registrations', j, 'city'] })).filter(({ r }) => !cities.has(r.city)));
  if (strays.length) {
    throw new TenantFileError(file, strays.map(({ path }) => ({ path: path.join('.'), line: lineOf(doc, text, path), message: 'this city is not in workCities' })));
  }
  const spec: TenantSpec = { slug, name, industry, workCities, settings, entities };
  return demo ? { ...spec, demo } : spec;
}

function lineOf(doc: ReturnType<typeof parseDocument>, text: string, path: (string | number)[]): number | undefined {
  const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : text.slice(0, offset).split('\n').length;
}
