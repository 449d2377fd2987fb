import type { z } from 'zod';
import type { Localized } from './extension-points';

/**
 * Adds an issue whose message is written in both languages: `message` is the English text and
 * `params['zh-CN']` the Chinese one, which `localizeIssue` (plugins) and the API's 400 read back.
 */
export function addLocalizedIssue(ctx: z.RefinementCtx, message: Localized, path?: PropertyKey[]): void {
  ctx.addIssue({ code: 'custom', message: message.en, params: { 'zh-CN': message['zh-CN'] }, ...(path ? { path } : {}) });
}

/** The Chinese twin of a message added by `addLocalizedIssue`, if the issue carries one. */
export function chineseOf(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code !== 'custom') return undefined;
  const zh = (issue.params as { 'zh-CN'?: unknown } | undefined)?.['zh-CN'];
  return typeof zh === 'string' ? zh : undefined;
}
