import { beforeEach, describe, expect, it, vi } from 'vitest';

// i18n reads localStorage when it loads, so every test imports a fresh copy after stubbing it.
function memoryStorage(initial: Record<string, string> = {}): Storage {
  const data = new Map(Object.entries(initial));
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (key) => data.get(key) ?? null,
    key: (index) => [...data.keys()][index] ?? null,
    removeItem: (key) => void data.delete(key),
    setItem: (key, value) => void data.set(key, String(value)),
  };
}

async function loadI18n(stored: Record<string, string> = {}) {
  vi.resetModules();
  const storage = memoryStorage(stored);
  vi.stubGlobal('localStorage', storage);
  return { i18n: await import('./i18n'), storage };
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('i18n', () => {
  beforeEach(() => {
    vi.unstubAllGlobals();
  });

  it('has the same keys and placeholders in zh-CN and en, none empty', async () => {
    const { i18n } = await loadI18n();
    const zh = i18n.messagesFor('zh-CN');
    const en = i18n.messagesFor('en');
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(zh[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
    }
  });

  it('defaults to zh-CN and switches to English, persisting the choice', async () => {
    const { i18n, storage } = await loadI18n();
    expect(i18n.lang()).toBe('zh-CN');
    expect(i18n.t('nav.tenants')).toBe('租户');
    expect(i18n.t('lang.switch')).toBe('English');

    i18n.toggleLang();
    expect(i18n.lang()).toBe('en');
    expect(i18n.t('nav.tenants')).toBe('Tenants');
    expect(i18n.t('lang.switch')).toBe('中文');
    expect(storage.getItem(i18n.LANG_STORAGE_KEY)).toBe('en');
  });

  it('starts in the stored language and ignores an unknown stored value', async () => {
    expect((await loadI18n({ 'lianxu.lang': 'en' })).i18n.lang()).toBe('en');
    expect((await loadI18n({ 'lianxu.lang': 'fr' })).i18n.lang()).toBe('zh-CN');
  });

  it('fills placeholders and translates known industries and roles, passing unknown ones through', async () => {
    const { i18n } = await loadI18n();
    expect(i18n.t('header.signedInAs', { name: '王芳' })).toBe('已登录：王芳');
    expect(i18n.tOptional('industry', 'manufacturing')).toBe('制造业');
    expect(i18n.tOptional('industry', 'retail')).toBe('零售');
    expect(i18n.tOptional('role', 'tenant_admin')).toBe('租户管理员');
    expect(i18n.tOptional('role', 'hr')).toBe('人事专员');
    expect(i18n.tOptional('role', 'employee')).toBe('员工');
    expect(i18n.tOptional('role', 'consultant')).toBe('实施顾问');
    expect(i18n.tOptional('industry', 'logistics')).toBe('logistics');
    i18n.setLang('en');
    expect(i18n.formatList(['Shenzhen', 'Chengdu'])).toBe('Shenzhen, Chengdu');
    i18n.setLang('zh-CN');
    expect(i18n.formatList(['深圳', '成都'])).toBe('深圳、成都');
  });
});
