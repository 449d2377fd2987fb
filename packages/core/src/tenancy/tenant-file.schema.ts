import { parseDocument } from 'yaml';
import { z } from 'zod';
import type { TenantSpec } from '@lianxu/workflows';

const cityCode = z.string().regex(/^[0-9]{6}$/, 'a GB/T 2260 city code has six digits');

export const tenantFileSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and dashes'),
    name: z.string().trim().min(1).max(200),
    industry: z.enum(['manufacturing', 'retail', 'services', 'technology', 'other']),
    workCities: z
      .array(z.object({ code: cityCode, name: z.string().trim().min(1).max(50) }).strict())
      .min(1)
      .refine((cities) => new Set(cities.map((c) => c.code)).size === cities.length, 'a city is listed twice'),
    demo: z
      .object({
        users: z.array(z.object({ email: z.string().email(), name: z.string().min(1).max(100), role: z.enum(['tenant_admin', 'hr', 'employee']) }).strict()).default([]),
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
      parsed.error.issues.map((issue) => {
        const node = doc.getIn(issue.path as (string | number)[], true) as { range?: [number, number, number] } | undefined;
        const offset = node?.range?.[0];
        const line = offset === undefined ? undefined : text.slice(0, offset).split('\n').length;
        return { path: issue.path.join('.') || '(root)', line, message: issue.message };
      }),
    );
  }
  const { slug, name, industry, workCities, demo } = parsed.data;
  return demo ? { slug, name, industry, workCities, demo } : { slug, name, industry, workCities };
}
