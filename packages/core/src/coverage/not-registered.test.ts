import { describe, expect, it } from 'vitest';
import { notRegisteredRejection } from './filing-tasks';

// Lianxu's own refusal of a filing, shown on the tasks page: the city by name in each language,
// in the company's words (单位, not 租户), never a bare city code.
describe('notRegisteredRejection', () => {
  it('names the city in both languages and tells HR where to fix it', () => {
    const r = notRegisteredRejection('310100');
    expect(r.code).toBe('not_registered');
    expect(r.message).toBe('用人单位在上海没有社保登记，请先在单位配置中登记社保账户');
    expect(r.messageEn).toMatch(/Shanghai/);
    for (const text of [r.message, r.messageEn]) expect(text).not.toMatch(/310100|租户|tenant/);
  });
});
