import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin, type TenantConfigHook } from '@lianxu/plugin-sdk';
import { resolvePlugins } from '../plugins/index';
import { parseTenantFile, TenantFileError, tenantFileJsonSchema } from './tenant-file.schema';

const TENANTS = path.resolve(import.meta.dirname, '../../../../tenants');

describe('tenant.yaml schema', () => {
  it('is published as tenants/tenant.schema.json (run `lianxu tenants schema` after changing it)', () => {
    const published = JSON.parse(readFileSync(path.join(TENANTS, 'tenant.schema.json'), 'utf8'));
    expect(published).toEqual(tenantFileJsonSchema());
    expect(Object.keys((published as { properties: object }).properties)).toEqual(
      expect.arrayContaining(['plugins', 'customFields', 'consultantGrants']),
    );
    // No plugin's section is core's: a plugin's records go under `config` of its entry.
    expect(Object.keys((published as { properties: object }).properties)).not.toContain('branches');
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

describe("a plugin's section of tenant.yaml", () => {
  // A plugin core has never heard of, owning `config: { lines: [...] }` of its entry.
  const lines = z.object({ lines: z.array(z.object({ name: z.string().min(1), city: z.string(), shifts: z.number().int().min(1).default(1) }).strict()) }).strict();
  const hook: TenantConfigHook<Record<string, unknown>, z.output<typeof lines>> = {
    schema: lines,
    check: (section, file) => section.lines.flatMap((l, i) => (file.workCities.includes(l.city) ? [] : [{ path: ['lines', i, 'city'], message: { 'zh-CN': '不在工作城市中', en: 'not a work city' } }])),
    read: async () => null,
    plan: async () => [],
    apply: async () => ({ applied: [] }),
    formerKey: 'lines',
  };
  const plugins = resolvePlugins([
    { folder: 'plugins/shop-floor', definition: definePlugin({ id: 'shop-floor', version: '0.1.0', description: { 'zh-CN': '产线', en: 'Lines' }, extensionPoints: { tenantConfig: hook } }) },
    { folder: 'plugins/no-section', definition: definePlugin({ id: 'no-section', version: '0.1.0', description: { 'zh-CN': '无', en: 'None' } }) },
  ]);
  const file = (entries: string[], extra: string[] = []) =>
    ['slug: x-y', 'name: X', 'industry: other', 'workCities:', '  - { code: "310100", name: 上海 }', 'plugins:', ...entries, ...extra, ''].join('\n');
  const problemsOf = (text: string) => {
    try {
      parseTenantFile(text, 't.yaml', { plugins });
    } catch (error) {
      expect(error).toBeInstanceOf(TenantFileError);
      return (error as TenantFileError).problems.map((p) => `${p.line} ${p.path}: ${p.message}${p.zh ? ` / ${p.zh}` : ''}`);
    }
    return [];
  };

  it('is checked by its plugin\'s schema and handed on parsed (defaults applied)', () => {
    const spec = parseTenantFile(file(['  - id: shop-floor', '    enabled: true', '    config:', '      lines:', '        - { name: A, city: "310100" }']), 't.yaml', { plugins });
    expect(spec.plugins).toEqual([{ id: 'shop-floor', enabled: true, config: { lines: [{ name: 'A', city: '310100', shifts: 1 }] } }]);
  });

  it('names each problem by its path under the entry, with its line, in both languages when the plugin says both', () => {
    const text = file(['  - id: shop-floor', '    enabled: true', '    config:', '      lines:', '        - { name: A, city: "310100" }', '        - { name: B, city: "310100", shifts: 0 }', '        - { name: C, city: "310100", colour: red }']);
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(/^12 plugins\.0\.config\.lines\.1\.shifts: .+ \/ .+/),
      '13 plugins.0.config.lines.2.colour: unknown field of the shop-floor section (fields here: name, city, shifts) / 未知字段（shop-floor 此处的字段：name, city, shifts）',
    ]);
    const outside = file(['  - id: shop-floor', '    enabled: true', '    config:', '      lines:', '        - { name: A, city: "110100" }']);
    expect(problemsOf(outside)).toEqual(['11 plugins.0.config.lines.0.city: not a work city / 不在工作城市中']);
  });

  it('is refused for a plugin that owns none, a disabled plugin, and at its former top-level key', () => {
    expect(problemsOf(file(['  - { id: no-section, enabled: true, config: { x: 1 } }']))).toEqual([
      '7 plugins.0.config: no-section owns no section of tenant.yaml; remove config / 插件 no-section 在租户配置文件中没有自己的部分，请删除 config',
    ]);
    expect(problemsOf(file(['  - { id: shop-floor, enabled: false, config: { lines: [] } }']))[0]).toMatch(/^7 plugins\.0\.config: shop-floor is not enabled here/);
    expect(problemsOf(file(['  - { id: shop-floor, enabled: true }'], ['lines: []']))).toEqual([
      "8 lines: moved: lines is now the shop-floor plugin's section, written as config: { lines: ... } under its entry in plugins",
    ]);
  });
});
