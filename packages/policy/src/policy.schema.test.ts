import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policyFileSchema } from './policy.schema';
import { rawRecord } from './test-fixtures';
import { POLICY_JSON_SCHEMA_FILE, policyJsonSchemaText } from './write-json-schema';

describe('policy.schema.json (the JSON Schema YAML/JSON authors point their editor at)', () => {
  it('is up to date with the zod schema (else run: npm run schema -w @lianxu/policy)', () => {
    expect(readFileSync(POLICY_JSON_SCHEMA_FILE, 'utf8')).toBe(policyJsonSchemaText());
  });

  it('describes the file format: strict objects, required insurances, per-insurance periods', () => {
    const schema = JSON.parse(policyJsonSchemaText());
    const deref = (node: any): any => (node.$ref ? deref(schema.$defs[node.$ref.replace('#/$defs/', '')]) : node);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['city', 'year', 'effective', 'insurances', 'housingFund']));
    expect(deref(schema.properties.insurances).required).toEqual(['pension', 'medical', 'maternity', 'unemployment', 'workInjury']);
    expect(JSON.stringify(schema)).toContain("this insurance's own months");
  });

  it('accepts every shipped record and rejects an unknown field', () => {
    for (const file of ['beijing-2024.yaml', 'shanghai-2026.yaml', 'guangzhou-2025.yaml', 'hangzhou-2026.yaml', 'chengdu-2025.yaml']) {
      expect(policyFileSchema.safeParse(rawRecord(file)).success).toBe(true);
    }
    const raw = rawRecord('beijing-2024.yaml');
    raw.insurances.pension.flor = '1';
    expect(policyFileSchema.safeParse(raw).success).toBe(false);
  });
});
