import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { localizeIssue } from './plugin-http';

// Words that belong to developers, never to a message a user reads.
const DEVELOPER_TEXT = /\b(string|boolean|bigint|int|float64|undefined|null|nan|regex|pattern|schema|expected|received|enum|union)\b|[<>]=?|\/\^|\$\/|期望|字符串|对象|数组|正则/i;

function messagesOf(schema: z.ZodType, value: unknown) {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('expected a failure');
  return r.error.issues.map(localizeIssue);
}

const cases: [string, z.ZodType, unknown][] = [
  ['missing field', z.object({ name: z.string() }), {}],
  ['wrong kind', z.object({ name: z.string() }), { name: 5 }],
  ['number given text', z.object({ n: z.number() }), { n: 'x' }],
  ['empty text', z.object({ name: z.string().min(1) }), { name: '' }],
  ['short text', z.object({ name: z.string().min(3) }), { name: 'a' }],
  ['long text', z.object({ name: z.string().max(3) }), { name: 'abcd' }],
  ['too small', z.object({ n: z.number().min(1) }), { n: 0 }],
  ['too big', z.object({ n: z.number().max(1) }), { n: 2 }],
  ['not an integer', z.object({ n: z.number().int() }), { n: 1.5 }],
  ['email', z.object({ e: z.email() }), { e: 'x' }],
  ['uuid', z.object({ id: z.uuid() }), { id: 'x' }],
  ['regex without a message', z.object({ k: z.string().regex(/^[a-z_]+$/) }), { k: 'A B' }],
  ['enum', z.object({ role: z.enum(['hr', 'tenant_admin']) }), { role: 'boss' }],
  ['literal', z.object({ kind: z.literal('single') }), { kind: 'x' }],
  ['union', z.object({ v: z.union([z.string(), z.number()]) }), { v: true }],
  ['unknown key', z.strictObject({ a: z.string() }), { a: 'x', b: 1 }],
  ['empty list', z.object({ l: z.array(z.string()).min(1) }), { l: [] }],
];

describe('zod issues in plain words', () => {
  it.each(cases)('%s: both languages, no developer text', (_name, schema, value) => {
    for (const message of messagesOf(schema, value)) {
      expect(message['zh-CN']).not.toMatch(DEVELOPER_TEXT);
      expect(message.en).not.toMatch(DEVELOPER_TEXT);
      expect(message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('says "Required" for a missing field and names the choices of a select', () => {
    expect(messagesOf(z.object({ name: z.string() }), {})[0]).toEqual({ 'zh-CN': '必填', en: 'Required' });
    expect(messagesOf(z.object({ residence: z.enum(['local', 'non-local']) }), { residence: 'x' })[0]).toEqual({ 'zh-CN': '请从可选项中选择', en: 'Choose one of: local, non-local' });
    expect(messagesOf(z.object({ shift: z.enum(['早班', '晚班']) }), { shift: 'x' })[0]!['zh-CN']).toBe('请从以下选项中选择：早班、晚班');
    // Codes like tenant_admin are not words a person reads: the form shows the options instead.
    expect(messagesOf(z.object({ role: z.enum(['hr', 'tenant_admin']) }), { role: 'x' })[0]).toEqual({ 'zh-CN': '请从可选项中选择', en: 'Choose one of the offered options' });
  });

  it('keeps a message the schema author wrote', () => {
    const [m] = messagesOf(z.object({ k: z.string().regex(/^a$/, 'Use lowercase letters') }), { k: 'B' });
    expect(m!.en).toBe('Use lowercase letters');
  });
});
