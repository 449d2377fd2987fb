import { beforeEach, describe, expect, it, vi } from 'vitest';
import { featureOf } from './i18n/catalog';
import { argumentNames, formatMessage } from './i18n/message-format';

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

describe('i18n', () => {
  beforeEach(() => {
    vi.unstubAllGlobals();
  });

  it('has the same keys and arguments in zh-CN and en, none empty, each prefix in its own feature', async () => {
    const { i18n } = await loadI18n();
    const zh = await i18n.loadAllMessages('zh-CN');
    const en = await i18n.loadAllMessages('en');
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    expect(Object.keys(zh).length).toBeGreaterThan(500);
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(zh[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(argumentNames(en[key]), key).toEqual(argumentNames(zh[key]));
      expect(featureOf(key), key).toBeDefined();
    }
  });

  it('loads only the messages of the features asked for, in the current language', async () => {
    const { i18n } = await loadI18n();
    expect(i18n.t('nav.tenants')).toBe('');
    await i18n.loadMessages(['app']);
    expect(i18n.t('nav.tenants')).toBe('单位');
    // A key of a feature not loaded yet reads empty and starts loading that feature alone.
    expect(i18n.t('signIn.title')).toBe('');
    await vi.waitFor(() => expect(i18n.t('signIn.title')).toBe('登录'));
    expect(i18n.t('calc.title')).toBe('');
  });

  it('defaults to zh-CN and switches to English once the features in view are loaded in it, persisting the choice', async () => {
    const { i18n, storage } = await loadI18n();
    await i18n.loadMessages(['app']);
    expect(i18n.lang()).toBe('zh-CN');
    expect(i18n.t('nav.tenants')).toBe('单位');
    expect(i18n.t('lang.switch')).toBe('English');

    await i18n.toggleLang();
    expect(i18n.lang()).toBe('en');
    expect(i18n.t('nav.tenants')).toBe('Companies');
    expect(i18n.t('lang.switch')).toBe('中文');
    expect(storage.getItem(i18n.LANG_STORAGE_KEY)).toBe('en');
  });

  it('starts in the stored language and ignores an unknown stored value', async () => {
    expect((await loadI18n({ 'lianxu.lang': 'en' })).i18n.lang()).toBe('en');
    expect((await loadI18n({ 'lianxu.lang': 'fr' })).i18n.lang()).toBe('zh-CN');
  });

  it('fills placeholders and translates known industries and roles, passing unknown ones through', async () => {
    const { i18n } = await loadI18n();
    await i18n.loadMessages(['app', 'people']);
    expect(i18n.t('header.signedInAs', { name: '王芳' })).toBe('已登录：王芳');
    expect(i18n.tOptional('industry', 'manufacturing')).toBe('制造业');
    expect(i18n.tOptional('industry', 'retail')).toBe('零售');
    expect(i18n.tOptional('role', 'tenant_admin')).toBe('单位管理员');
    expect(i18n.tOptional('role', 'hr')).toBe('人事专员');
    expect(i18n.tOptional('role', 'employee')).toBe('员工');
    expect(i18n.tOptional('role', 'consultant')).toBe('实施顾问');
    expect(i18n.tOptional('industry', 'logistics')).toBe('logistics');
    await i18n.setLang('en');
    expect(i18n.formatList(['Shenzhen', 'Chengdu', 'Shanghai'])).toBe('Shenzhen, Chengdu, and Shanghai');
    await i18n.setLang('zh-CN');
    expect(i18n.formatList(['深圳', '成都', '上海'])).toBe('深圳、成都和上海');
  });

  it('uses the language plural rules: no "1 months" in English, one form in Chinese', async () => {
    const { i18n } = await loadI18n({ 'lianxu.lang': 'en' });
    await i18n.loadMessages(['people', 'custom-fields']);
    expect(i18n.t('coverage.gap', { from: '2025-01', to: '2025-01', months: 1 })).toBe('Gap: 2025-01 to 2025-01 (1 month)');
    expect(i18n.t('coverage.gap', { from: '2025-01', to: '2025-03', months: 3 })).toBe('Gap: 2025-01 to 2025-03 (3 months)');
    expect(i18n.t('employees.pageInfo', { page: 1, pages: 1, total: 1 })).toBe('Page 1 of 1, 1 employee');
    expect(i18n.t('employees.pageInfo', { page: 1, pages: 60, total: 1200 })).toBe('Page 1 of 60, 1,200 employees');
    expect(i18n.t('customFields.deleted', { label: 'Size', count: 1 })).toContain('the values of 1 employee are hidden');
    await i18n.setLang('zh-CN');
    expect(i18n.t('customFields.deleted', { label: '尺码', count: 1 })).toBe('已删除“尺码”，1 名员工的数值已隐藏并保留。');
  });
});

describe('formatMessage', () => {
  it('picks exact, rule-based and other forms and leaves unknown placeholders as written', () => {
    const text = '{n, plural, =0 {none} one {# item} other {# items}} in {place} {missing}';
    expect(formatMessage(text, { n: 0, place: 'A' }, 'en')).toBe('none in A {missing}');
    expect(formatMessage(text, { n: 1, place: 'A' }, 'en')).toBe('1 item in A {missing}');
    expect(formatMessage(text, { n: 2, place: 'A' }, 'en')).toBe('2 items in A {missing}');
    expect(argumentNames(text)).toEqual(['missing', 'n', 'place']);
  });
});
