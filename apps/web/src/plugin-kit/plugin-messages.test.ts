import { describe, expect, it } from 'vitest';
import { argumentNames } from '../i18n/message-format';

// Every plugin's web messages (plugins/<id>/web/messages.<lang>.ts), found the way the app finds them.
const files = import.meta.glob<{ messages: Readonly<Record<string, string>> }>('../../../../plugins/*/web/messages.*.ts', { eager: true });

describe("plugins' web messages", () => {
  const byPlugin = new Map<string, Record<string, Readonly<Record<string, string>>>>();
  for (const [path, module] of Object.entries(files)) {
    const [, plugin, lang] = /plugins\/([^/]+)\/web\/messages\.([\w-]+)\.ts$/.exec(path) ?? [];
    if (!plugin || !lang) continue;
    byPlugin.set(plugin, { ...byPlugin.get(plugin), [lang]: module.messages });
  }

  it('are found for at least the two bundled plugins', () => {
    expect(byPlugin.size).toBeGreaterThanOrEqual(2);
  });

  it('have the same keys and arguments in zh-CN and en, none empty', () => {
    for (const [plugin, langs] of byPlugin) {
      const zh = langs['zh-CN'];
      const en = langs.en;
      expect(zh, plugin).toBeDefined();
      expect(en, plugin).toBeDefined();
      expect(Object.keys(en!).sort(), plugin).toEqual(Object.keys(zh!).sort());
      for (const key of Object.keys(zh!)) {
        expect(zh![key]!.trim(), key).not.toBe('');
        expect(en![key]!.trim(), key).not.toBe('');
        expect(argumentNames(en![key]!), key).toEqual(argumentNames(zh![key]!));
      }
    }
  });
});
