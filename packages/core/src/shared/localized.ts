// The one localized-text type: declared in the lowest package (@lianxu/db), shared by auth, the
// plugin SDK (plugins use it in their contracts), the policy engine and the API. `LocalizedText`
// is kept as a name for it.
import type { Localized } from '@lianxu/db';

export type { Localized };
export type LocalizedText = Localized;
