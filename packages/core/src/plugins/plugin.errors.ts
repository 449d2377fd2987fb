import type { Localized } from '@lianxu/plugin-sdk';

/**
 * Start-up refused: one or more plugins are invalid or miss a requirement. Every line names the
 * plugin's folder, so the message alone says where to look.
 */
export class PluginLoadError extends Error {
  constructor(readonly failures: { folder: string; problems: string[] }[]) {
    super(
      `Plugins could not be loaded:\n${failures.map((f) => f.problems.map((p) => `  ${f.folder}: ${p}`).join('\n')).join('\n')}`,
    );
    this.name = 'PluginLoadError';
  }

  /** The folders at fault. */
  get folders(): string[] {
    return this.failures.map((f) => f.folder);
  }
}

/** A plugin's handler threw (or answered nonsense): the request fails, naming the plugin; nothing else does. */
export class PluginFailedError extends Error {
  constructor(
    readonly pluginId: string,
    readonly point: string,
    override readonly cause: unknown,
  ) {
    super(`plugin ${pluginId} failed in ${point}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'PluginFailedError';
  }

  get messages(): Localized {
    return {
      'zh-CN': `插件「${this.pluginId}」处理失败，本次操作未完成；其他功能不受影响，请稍后重试或联系管理员`,
      en: `The plugin "${this.pluginId}" failed, so this request did not complete; the rest of Lianxu is unaffected`,
    };
  }
}

/** A tenant's options for a plugin do not fit the plugin's schema. `fields` are request paths (`options.baseRule`). */
export class PluginOptionsError extends Error {
  constructor(
    readonly pluginId: string,
    readonly fields: Record<string, Localized>,
  ) {
    super(`invalid options for plugin ${pluginId}: ${Object.entries(fields).map(([k, v]) => `${k}: ${v.en}`).join('; ')}`);
    this.name = 'PluginOptionsError';
  }
}

/** Enabling needs the required plugins enabled first; disabling is refused while an enabled plugin requires it. */
export class PluginRequirementError extends Error {
  constructor(
    readonly pluginId: string,
    readonly code: 'plugin_requirement_disabled' | 'plugin_required_by_enabled',
    readonly related: string[],
  ) {
    super(`${code}: ${pluginId} / ${related.join(', ')}`);
    this.name = 'PluginRequirementError';
  }

  get messages(): Localized {
    const list = this.related.join('、');
    return this.code === 'plugin_requirement_disabled'
      ? { 'zh-CN': `插件「${this.pluginId}」需要先启用：${list}`, en: `The plugin "${this.pluginId}" needs these enabled first: ${this.related.join(', ')}` }
      : { 'zh-CN': `已启用的插件依赖「${this.pluginId}」：${list}，请先停用它们`, en: `Enabled plugins require "${this.pluginId}": ${this.related.join(', ')}; disable them first` };
  }
}
