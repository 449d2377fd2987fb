import { z } from '@hono/zod-openapi';
import type { Localized } from '@lianxu/core';

/** The one localized-text type (core's `Localized`, `{"zh-CN", en}`) as a request or response schema. */
export const LocalizedSchema = z.object({ 'zh-CN': z.string(), en: z.string() });

// The schema and the type stay the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const same: Same<z.infer<typeof LocalizedSchema>, Localized> = true;
void same;
