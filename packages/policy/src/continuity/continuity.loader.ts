import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { PolicyDataError } from '../errors';
import { loadSources } from '../policy.loader';
import type { SourceRef } from '../policy.types';
import { continuityFileSchema, type ContinuityRule } from './continuity.schema';

/** The shipped continuity rules (packages/policy/continuity/rules.yaml). */
export const DEFAULT_CONTINUITY_RULES_FILE = fileURLToPath(new URL('../../continuity/rules.yaml', import.meta.url));

/** The continuity rules, by id, with the cities they cover. */
export interface ContinuityRuleSet {
  rules: readonly ContinuityRule[];
  byId(id: string): ContinuityRule | undefined;
  /** The rules of a city (code), national rules included. */
  forCity(cityCode: string): ContinuityRule[];
}

export const NATIONAL_CITY_CODE = '000000';

export function createContinuityRuleSet(rules: readonly ContinuityRule[]): ContinuityRuleSet {
  const index = new Map(rules.map((r) => [r.id, r]));
  return {
    rules,
    byId: (id) => index.get(id),
    forCity: (code) => rules.filter((r) => r.city.code === code || r.city.code === NATIONAL_CITY_CODE),
  };
}

/**
 * Parses and checks a rule file: the zod schema, then every cited source id against the source
 * register (and its URL, where the register has one). Errors name the file and field.
 */
export function parseContinuityRules(text: string, origin: string, sources: readonly SourceRef[]): ContinuityRule[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new PolicyDataError(origin, null, null, '(file)', `not valid YAML: ${(e as Error).message}`);
  }
  const checked = continuityFileSchema.safeParse(doc);
  if (!checked.success) {
    const first = checked.error.issues[0]!;
    throw new PolicyDataError(origin, null, null, first.path.join('.') || '(file)', first.message);
  }
  const register = new Map(sources.map((s) => [s.id, s]));
  checked.data.rules.forEach((rule, i) =>
    rule.versions.forEach((v, j) => {
      const cited = v.status === 'not_sourced' ? (v.checked ?? []).map((id) => ({ id, url: undefined })) : v.sources;
      cited.forEach((s, k) => {
        const known = register.get(s.id);
        const field = `rules.${i}.versions.${j}.${v.status === 'not_sourced' ? 'checked' : 'sources'}.${k}`;
        if (!known) throw new PolicyDataError(origin, rule.city.en, null, field, `unknown source id ${s.id} (not in sources.yaml)`);
        if (s.url !== undefined && known.url && s.url !== known.url) throw new PolicyDataError(origin, rule.city.en, null, `${field}.url`, `differs from the register's URL for ${s.id}`);
      });
    }),
  );
  return checked.data.rules;
}

let defaultSet: ContinuityRuleSet | null = null;

/** The shipped rules, read and checked once per process. */
export function getContinuityRules(): ContinuityRuleSet {
  defaultSet ??= createContinuityRuleSet(parseContinuityRules(readFileSync(DEFAULT_CONTINUITY_RULES_FILE, 'utf8'), DEFAULT_CONTINUITY_RULES_FILE, loadSources()));
  return defaultSet;
}
