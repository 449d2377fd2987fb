import { DomainError, type Localized } from '../shared/index';

const VALIDATION: Localized = { 'zh-CN': '输入有误，请检查标出的字段', en: 'Some fields are invalid' };

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

/** A plugin's handler threw (or answered nonsense): the request fails (500 plugin_failed), naming the plugin; nothing else does. */
export class PluginFailedError extends DomainError {
  constructor(
    readonly pluginId: string,
    readonly point: string,
    override readonly cause: unknown,
  ) {
    super(500, 'plugin_failed', {
      'zh-CN': `插件「${pluginId}」处理失败，本次操作未完成；其他功能不受影响，请稍后重试或联系管理员`,
      en: `The plugin "${pluginId}" failed, so this request did not complete; the rest of Lianxu is unaffected`,
    });
    this.message = `plugin ${pluginId} failed in ${point}: ${cause instanceof Error ? cause.message : String(cause)}`;
    this.name = 'PluginFailedError';
  }
}

/** A tenant's options for a plugin do not fit the plugin's schema (400). `fields` are request paths (`options.baseRule`). */
export class PluginOptionsError extends DomainError {
  declare readonly fields: Record<string, Localized>;
  constructor(
    readonly pluginId: string,
    fields: Record<string, Localized>,
  ) {
    super(400, 'validation_failed', VALIDATION, fields);
    this.message = `invalid options for plugin ${pluginId}: ${Object.entries(fields).map(([k, v]) => `${k}: ${v.en}`).join('; ')}`;
    this.name = 'PluginOptionsError';
  }
}

/** Enabling needs the required plugins enabled first; disabling is refused while an enabled plugin requires it (409). */
export class PluginRequirementError extends DomainError {
  declare readonly code: 'plugin_requirement_disabled' | 'plugin_required_by_enabled';
  constructor(
    readonly pluginId: string,
    code: 'plugin_requirement_disabled' | 'plugin_required_by_enabled',
    readonly related: string[],
  ) {
    const list = related.join('、');
    super(
      409,
      code,
      code === 'plugin_requirement_disabled'
        ? { 'zh-CN': `插件「${pluginId}」需要先启用：${list}`, en: `The plugin "${pluginId}" needs these enabled first: ${related.join(', ')}` }
        : { 'zh-CN': `已启用的插件依赖「${pluginId}」：${list}，请先停用它们`, en: `Enabled plugins require "${pluginId}": ${related.join(', ')}; disable them first` },
    );
    this.message = `${code}: ${pluginId} / ${related.join(', ')}`;
    this.name = 'PluginRequirementError';
  }
}
