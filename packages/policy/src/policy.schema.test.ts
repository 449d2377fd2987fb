import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PolicyDataError } from './errors';
import { policyFileSchema } from './policy.schema';
import { validatePolicyRecord, validatePolicySet } from './policy.validation';
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

describe('the zod validator names the field at fault (beyond the loader cases)', () => {
  const fails = (raw: unknown): PolicyDataError => {
    try {
      validatePolicyRecord(raw, 'test');
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyDataError);
      return e as PolicyDataError;
    }
    throw new Error('expected a PolicyDataError');
  };

  it('an insurance period ending before it starts', () => {
    const raw = rawRecord('guangzhou-2024.yaml');
    raw.insurances.medical.effective.to = '2023-12';
    const e = fails(raw);
    expect(e.field).toBe('insurances.medical.effective.to');
    expect(e.message).toBe('test: city 440100 year 2024: field insurances.medical.effective.to: 2023-12 is before 2024-01');
  });

  it('inside a hukou variant: the branch the input meant is the one reported', () => {
    const raw = rawRecord('shenzhen-2024.yaml');
    raw.insurances.pension.employer.rate.byHukou.nonLocal.value = '1.5';
    expect(fails(raw).field).toBe('insurances.pension.employer.rate.byHukou.nonLocal.value');
    const typo = rawRecord('shenzhen-2024.yaml');
    typo.insurances.pension.employer.rate.byHukou.nonlocal = typo.insurances.pension.employer.rate.byHukou.nonLocal;
    delete typo.insurances.pension.employer.rate.byHukou.nonLocal;
    const e = fails(typo);
    expect([e.field, e.message.split(': ').at(-1)]).toEqual(['insurances.pension.employer.rate.byHukou.nonLocal', 'missing']);
  });

  it('overlapping periods of one insurance in two records of a city', () => {
    const a = validatePolicyRecord(rawRecord('guangzhou-2024.yaml'), 'a.yaml');
    const rawB = rawRecord('guangzhou-2025.yaml');
    rawB.insurances.medical.effective.from = '2024-12';
    const b = validatePolicyRecord(rawB, 'b.yaml');
    expect(() => validatePolicySet([a, b])).toThrow(/^b\.yaml: city 440100 year 2025: field insurances\.medical\.effective\.from: medical from 2024-12 overlaps a\.yaml \(medical 2024-01\.\.2024-12\)$/);
  });
});
