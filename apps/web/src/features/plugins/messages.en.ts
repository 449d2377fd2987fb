import type { MessagesLike } from '../../i18n/message-format';
import type { messages as reference } from './messages.zh-CN';

// English messages of plugins: exactly the keys of messages.zh-CN.ts (a missing or extra key is a type error).
export const messages: MessagesLike<typeof reference> = {
  'plugins.title': 'Plugins',
  'plugins.intro': 'Turn on the plugins of your industry: their pages appear in the navigation. Disabling a plugin only hides it; its data is kept, and enabling it again brings it back.',
  'plugins.none': 'No plugin is installed.',
  'plugins.version': 'version {version}',
  'plugins.on': 'Enabled',
  'plugins.off': 'Disabled',
  'plugins.requires': 'Requires: {list}',
  'plugins.presets': 'Offers preset fields: {list}.',
  'plugins.presetsLink': 'Add them on the custom fields page',
  'plugins.updatedAt': 'Last changed: {at}',
  'plugins.options': 'Settings',
  'plugins.optionsJson': 'Settings (JSON)',
  'plugins.optionsJsonInvalid': 'Not a valid JSON object',
  'plugins.saveOptions': 'Save settings',
  'plugins.optionsSaved': 'Settings saved.',
  'plugins.enabledNotice': 'Enabled; its pages are now in the navigation.',
  'plugins.disabledNotice': 'Disabled. Its data is kept; enable it again to bring it back.',
  'plugins.disableTitle': 'Disable “{name}”?',
  'plugins.disableBody': 'Its pages, API and rules stop applying to this company. Its data is not deleted: enabling it again brings everything back as it was.',
  'plugins.disableConfirm': 'Disable (keep the data)',
  'plugins.notEnabledTitle': 'Plugin not enabled',
  'plugins.notEnabledBody': 'This company has not enabled this plugin, so this page is not available.',
  'plugins.goToPlugins': 'Enable it on the plugins page',
};
