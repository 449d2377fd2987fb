// The one localized-text type: the plugin SDK declares it (plugins use it in their contracts) and
// core uses the same one. `LocalizedText` is kept as a name for it.
import type { Localized } from '@lianxu/plugin-sdk';

export type { Localized };
export type LocalizedText = Localized;
