import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTenantFile, TenantFileError, tenantFileJsonSchema } from './tenant-file.schema';

const TENANTS = path.resolve(import.meta.dirname, '../../../../tenants');

describe('tenant.yaml schema', () => {
  it('is published as tenants/tenant.schema.json (run `lianxu tenants schema` after changing it)', () => {
    const published = JSON.parse(readFileSync(path.join(TENANTS, 'tenant.schema.json'), 'utf8'));
    expect(published).toEqual(tenantFileJsonSchema());
    expect(Object.keys((published as { properties: object }).properties)).toEqual(
      expect.arrayContaining(['plugins', 'customFields', 'branches', 'consultantGrants']),
    );
  });

  it('names the line of a nested mistake and of an unknown field', () => {
    const text = ['slug: x-y', 'name: X', 'industry: retail', 'workCities:', '  - { code: "310100", name: 上海 }', 'customFields:', '  - key: Team', '    type: text', '    labels: { zh-CN: 班组, en: Team }', 'colour: red', ''].join('\n');
    try {
      parseTenantFile(text, 't.yaml');
      expect.fail('should not parse');
    } catch (error) {
      expect(error).toBeInstanceOf(TenantFileError);
      const problems = (error as TenantFileError).problems.map((p) => `${p.line} ${p.path}`);
      expect(problems).toEqual(['7 customFields.0.key', '10 colour']);
    }
  });
});
