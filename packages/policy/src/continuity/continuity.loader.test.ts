import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PolicyDataError } from '../errors';
import { loadSources } from '../policy.loader';
import { DEFAULT_CONTINUITY_RULES_FILE, parseContinuityRules } from './continuity.loader';

const shipped = readFileSync(DEFAULT_CONTINUITY_RULES_FILE, 'utf8');
const sources = loadSources();
const parseWith = (text: string) => () => parseContinuityRules(text, 'rules.yaml', sources);

describe('continuity rule file checks', () => {
  it('accepts the shipped file', () => {
    expect(parseContinuityRules(shipped, 'rules.yaml', sources).length).toBeGreaterThan(30);
  });

  it('refuses a source id the register does not know, naming the field', () => {
    expect(parseWith(shipped.replace('{ id: S21c,', '{ id: S99,'))).toThrow(/rules\.0\.versions\.0\.sources\.0: unknown source id S99/);
  });

  it('refuses a URL that differs from the register', () => {
    expect(parseWith(shipped.replace('http://en.people.cn/n3/2025/1225/c90000-20406503.html', 'https://example.com/x'))).toThrow(PolicyDataError);
  });

  it('refuses an assumed parameter without a note saying why', () => {
    expect(parseWith(shipped.replace('lookBackMonths: { value: 24, basis: assumption, note: the most recent months before the purchase }', 'lookBackMonths: { value: 24, basis: assumption }'))).toThrow(/lookBackMonths\.note/);
  });

  it('refuses overlapping versions and a window shorter than the months required', () => {
    expect(parseWith(shipped.replace('effective: { from: "2025-08-09", to: "2025-12-23" }', 'effective: { from: "2025-08-09", to: "2025-12-30" }'))).toThrow(/overlapping/);
    expect(parseWith(shipped.replace('lookBackMonths: { value: 24, basis: assumption, note: the most recent months before the purchase }', 'lookBackMonths: { value: 12, basis: assumption, note: x }'))).toThrow(/window is shorter/);
  });
});
