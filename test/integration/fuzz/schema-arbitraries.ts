import fc from 'fast-check';

// fast-check arbitraries derived from a route's OpenAPI 3.1 request schema: a body that is valid
// except for one hostile change, so the bad value reaches as deep into the handler as it can.

export type JsonSchema = Record<string, any>;
type Path = (string | number)[];

/** A hint's answer for a property that a valid body leaves out (one of two alternatives, say). */
export const OMIT = Symbol('omit');

/** Values that are valid for a property of this name in the fuzz tenant (ids, cities, wages...). */
export type Hints = Record<string, () => fc.Arbitrary<unknown>>;

export interface SchemaContext {
  components: Record<string, JsonSchema>;
  hints: Hints;
}

const MAX_DEPTH = 6;

export function resolve(schema: JsonSchema, ctx: SchemaContext): JsonSchema {
  let s = schema;
  for (let i = 0; i < 10 && s?.$ref; i++) s = ctx.components[String(s.$ref).replace('#/components/schemas/', '')] ?? {};
  return s ?? {};
}

function stringArb(s: JsonSchema): fc.Arbitrary<string> {
  if (s.format === 'date') return fc.constantFrom('2026-03-02', '2026-03-16', '2026-04-01');
  if (s.format === 'uuid') return fc.uuid();
  if (s.format === 'email') return fc.constantFrom('someone@example.com', 'new.person@fuzz.test');
  if (s.pattern) {
    // Short values where the pattern allows them, but never shorter than the pattern needs: a cap
    // below a fixed-length pattern (a 44-character base64 key) left the filter nothing to pass, and
    // fast-check retried it for ever.
    const fixed = /\{(\d+)\}/.exec(s.pattern);
    const max = Math.max(Math.min(s.maxLength ?? 40, 40), fixed ? Number(fixed[1]) + 8 : 0);
    return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= max && v.length >= (s.minLength ?? 0));
  }
  const min = s.minLength ?? 1;
  return fc.string({ minLength: min, maxLength: Math.max(min, Math.min(s.maxLength ?? 20, 20)), unit: 'grapheme-ascii' }).map((v) => v.trim() || 'x');
}

/**
 * A plausibly valid value for the schema (hints by property name win). `full`: every optional
 * property present and every array of one length, so the sweep's leaves are the same in each body.
 */
export function validArb(schema: JsonSchema, ctx: SchemaContext, name?: string, depth = 0, full = false): fc.Arbitrary<unknown> {
  if (name && ctx.hints[name]) return ctx.hints[name]!();
  // A named component may have a hint too: `#CustomFieldValues`.
  const ref = typeof schema?.$ref === 'string' ? `#${schema.$ref.split('/').pop()}` : undefined;
  if (ref && ctx.hints[ref]) return ctx.hints[ref]!();
  const s = resolve(schema, ctx);
  if (depth > MAX_DEPTH) return fc.constant(null);
  if (s.enum) return fc.constantFrom(...(s.enum as unknown[]));
  if (s.const !== undefined) return fc.constant(s.const);
  const alternatives = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (alternatives?.length) return full ? validArb(alternatives[0]!, ctx, undefined, depth + 1, full) : fc.oneof(...alternatives.map((a) => validArb(a, ctx, undefined, depth + 1)));
  const types: string[] = Array.isArray(s.type) ? s.type.filter((t: string) => t !== 'null') : s.type ? [s.type] : s.properties ? ['object'] : [];
  switch (types[0]) {
    case 'string':
      return stringArb(s);
    case 'integer':
      return fc.integer({ min: s.minimum ?? 0, max: s.maximum ?? 100 });
    case 'number':
      return fc.double({ min: s.minimum ?? 0, max: s.maximum ?? 100, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const min = s.minItems ?? 0;
      const item = validArb(s.items ?? {}, ctx, name ? `${name}[]` : undefined, depth + 1, full);
      if (full) return fc.array(item, { minLength: Math.max(1, min), maxLength: Math.max(1, min) });
      return fc.array(item, { minLength: min, maxLength: Math.max(min, Math.min(s.maxItems ?? 3, 3)) });
    }
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set<string>(s.required ?? []);
      const entries = Object.fromEntries(
        Object.entries(props).map(([key, prop]) => {
          const arb = validArb(prop, ctx, key, depth + 1, full);
          return [key, required.has(key) || full ? arb : fc.option(arb, { nil: undefined, freq: 2 })];
        }),
      );
      return fc.record(entries).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== OMIT)));
    }
    default:
      return fc.constantFrom('x', 1, true);
  }
}

// --- hostile values -------------------------------------------------------------------------

/** Text that a careful attacker sends: broken Unicode, NUL and control characters, markup, huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  // Broken Unicode, NUL and control characters: the causes of every 5xx seen so far.
  { weight: 5, arbitrary: fc.constantFrom('\ud800', 'ok\udc00ok', '\udfff\ud800', '\u0000', 'a\u0000b', 'bell\u0007esc\u001b[31m', 'tab\tnew\nline') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '\u202eevil',
      '\ufeff',
      '',
      '   ',
      '<img src=x onerror=window.__xss=1>',
      "'; drop table employees; --",
      '%00',
      '../../etc/passwd',
      'e\u0301', // not NFC
      '１２３', // full-width digits
    ),
  },
  // Any UTF-16 code units, lone surrogates included.
  { weight: 2, arbitrary: fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 40 }).map((units) => String.fromCharCode(...units)) },
  // Huge strings: far past every declared maxLength, still under the 1 MiB body limit (or just past it).
  { weight: 1, arbitrary: fc.constantFrom(5_000, 250_000, 1_100_000).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom(300, 3_000).map((n) => '𠮷'.repeat(n)) },
);

/** Dates out of every sensible range, impossible dates and near-dates. */
export const hostileDate: fc.Arbitrary<string> = fc.constantFrom(
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '2026-02-30',
  '2026-13-01',
  '2026-00-10',
  '1899-12-31',
  '2101-01-01',
  '+275760-09-13',
  '2026-03-10T25:00:00Z',
  '2026-3-1',
  '20260310',
);

export const hostileNumber: fc.Arbitrary<number> = fc.constantFrom(-1, 0, -0, 0.5, 1.000000001, 1e308, -1e308, 2 ** 53 + 1, -(2 ** 31) - 1, 1e-320);

/** Something of the wrong JSON type (or deeply nested). */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, 42, 'text', [], {}, [null], { $ne: null }, { __proto__: { polluted: true } }),
  fc.constantFrom(200, 2_000).map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth))),
);

/** A hostile replacement for a value whose schema is `s`. */
export function hostileFor(s: JsonSchema): fc.Arbitrary<unknown> {
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (s.format === 'date' || /date|day|from|to$/i.test(String(s.description ?? ''))) return fc.oneof(hostileDate, hostileString, wrongType);
  if (types.includes('string')) return fc.oneof({ weight: 5, arbitrary: hostileString }, { weight: 1, arbitrary: hostileDate }, { weight: 1, arbitrary: wrongType });
  if (types.includes('number') || types.includes('integer')) return fc.oneof(hostileNumber, wrongType, hostileString);
  return fc.oneof(wrongType, hostileString, hostileNumber, hostileDate);
}

// --- mutations -------------------------------------------------------------------------------

export type Mutation =
  | { kind: 'replace'; path: Path; value: unknown }
  | { kind: 'delete'; path: Path }
  | { kind: 'unknown-key'; path: Path; key: string; value: unknown }
  | { kind: 'whole-body'; value: unknown };

/** Every value position in `value`, with the schema that describes it. */
export function positions(value: unknown, schema: JsonSchema, ctx: SchemaContext, path: Path = []): { path: Path; schema: JsonSchema; isObject: boolean }[] {
  const s = resolve(schema, ctx);
  const out = [{ path, schema: s, isObject: value !== null && typeof value === 'object' && !Array.isArray(value) }];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...positions(item, s.items ?? {}, ctx, [...path, i])));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) out.push(...positions(item, s.properties?.[key] ?? {}, ctx, [...path, key]));
  }
  return out;
}

const unknownKey = fc.constantFrom('isAdmin', 'tenantId', '__proto__', 'constructor', 'x'.repeat(300), '\ud800', 'a\u0000b', '');

/** One hostile change to a valid body. */
export function mutationArb(body: unknown, schema: JsonSchema, ctx: SchemaContext): fc.Arbitrary<Mutation> {
  const spots = positions(body, schema, ctx);
  const inner = spots.filter((p) => p.path.length > 0);
  const objects = spots.filter((p) => p.isObject);
  // Mostly a hostile value in one place of an otherwise valid body: that reaches the handlers.
  const choices: fc.WeightedArbitrary<Mutation>[] = [
    { weight: 1, arbitrary: fc.oneof(wrongType, hostileString, fc.constant('not json')).map((value) => ({ kind: 'whole-body' as const, value })) },
  ];
  if (inner.length) {
    const spot = fc.constantFrom(...inner);
    choices.push({ weight: 8, arbitrary: spot.chain((p) => hostileFor(p.schema).map((value) => ({ kind: 'replace' as const, path: p.path, value }))) });
    choices.push({ weight: 1, arbitrary: spot.map((p) => ({ kind: 'delete' as const, path: p.path })) });
  }
  if (objects.length) {
    choices.push({ weight: 1, arbitrary: fc.tuple(fc.constantFrom(...objects), unknownKey, fc.oneof(hostileString, wrongType)).map(([p, key, value]) => ({ kind: 'unknown-key' as const, path: p.path, key, value })) });
  }
  return fc.oneof(...choices);
}

export function applyMutation(body: unknown, m: Mutation): unknown {
  if (m.kind === 'whole-body') return m.value;
  const copy = structuredClone(body) as any;
  const path = m.path;
  if (m.kind === 'unknown-key') {
    const target = path.reduce((o, k) => o?.[k], copy);
    if (target && typeof target === 'object') Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
    return copy;
  }
  if (path.length === 0) return m.kind === 'replace' ? m.value : undefined;
  const parent = path.slice(0, -1).reduce((o, k) => o?.[k], copy);
  const last = path[path.length - 1]!;
  if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = m.value;
  return copy;
}

/** Every string anywhere in a value (keys included). */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...stringsIn(v)]);
  return [];
}

/** The values every leaf of every body gets once, as a tenant admin: each cause of a 5xx seen so far. */
export function sweepValues(s: JsonSchema): unknown[] {
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const text = ['\ud800', 'a\u0000b', 'bell\u0007esc\u001b', 'x'.repeat(100_000)];
  const dates = ['0000-01-01', '2026-02-30'];
  if (types.includes('number') || types.includes('integer')) return [1e308, -1, 'NaN', null];
  if (types.includes('boolean')) return ['true', null];
  if (types.includes('array') || types.includes('object')) return [null, 'text'];
  return [...text, ...dates, null];
}
