import type { Localized } from '@lianxu/db';

/**
 * A message in both product languages, keyed as the policy engine keys its languages: `zh`/`en`,
 * as in its data (policy files' city names `{code, zh, en}`, continuity rule titles), its CLI and
 * the `lang` of `quoteToJson`/`toJSON`, whose output is the quote API's body. It is not a second
 * localized-text type for the product: at the boundary to core and the API a message becomes the
 * one `Localized` (`{'zh-CN', en}`, from @lianxu/db) through `localizedOf`, e.g.
 * `PolicyInputError.messages`.
 */
export interface BilingualMessage {
  zh: string;
  en: string;
}

/** A policy message as the product's one localized-text type. */
export function localizedOf(message: BilingualMessage): Localized {
  return { 'zh-CN': message.zh, en: message.en };
}

export type PolicyErrorCode =
  | 'unknown_city'
  | 'invalid_month'
  | 'month_before_policy'
  | 'invalid_wage'
  | 'wage_not_positive'
  | 'wage_too_large'
  | 'invalid_hukou'
  | 'invalid_rate'
  | 'rate_out_of_range'
  | 'rate_not_allowed'
  | 'no_wage_history'
  | 'hukou_required'
  | 'invalid_amount';

export interface PolicyIssue {
  code: PolicyErrorCode;
  /** The input field at fault, named as in the API body (city, month, wage, hukou, injuryRate, housingFundRate). */
  field: string;
  message: BilingualMessage;
}

/**
 * Bad input to the calculator or the annual adjustment. `code` and `field` describe the first
 * issue; `issues` holds every issue found, one per field at most.
 */
export class PolicyInputError extends Error {
  readonly code: PolicyErrorCode;
  readonly field: string;
  readonly bilingual: BilingualMessage;
  readonly issues: readonly PolicyIssue[];

  constructor(issues: readonly PolicyIssue[]) {
    const first = issues[0];
    if (!first) throw new TypeError('PolicyInputError needs at least one issue');
    super(first.message.en);
    this.name = 'PolicyInputError';
    this.code = first.code;
    this.field = first.field;
    this.bilingual = first.message;
    this.issues = issues;
  }

  /** The first issue's message as the product's localized text (the shape of core's and the API's refusals). */
  get messages(): Localized {
    return localizedOf(this.bilingual);
  }

  /** Each field's first issue as localized text. */
  get fields(): Record<string, Localized> {
    const fields: Record<string, Localized> = {};
    for (const issue of this.issues) fields[issue.field] ??= localizedOf(issue.message);
    return fields;
  }

  /** The API/CLI error body: `{"error":{"code","message","fields":{field: message}}}` in one language. */
  toJSON(lang: 'en' | 'zh' = 'en'): { error: { code: string; message: string; fields: Record<string, string> } } {
    const fields: Record<string, string> = {};
    for (const issue of this.issues) fields[issue.field] ??= issue.message[lang];
    return { error: { code: this.code, message: this.bilingual[lang], fields } };
  }
}

/** A policy data record that fails validation. The message names the file (origin), city, year and field. */
export class PolicyDataError extends Error {
  readonly origin: string;
  readonly city: string | null;
  readonly year: number | null;
  readonly field: string;
  readonly code = 'invalid_policy_record' as const;

  constructor(origin: string, city: string | null, year: number | null, field: string, problem: string) {
    super(`${origin}: city ${city ?? '?'} year ${year ?? '?'}: field ${field}: ${problem}`);
    this.name = 'PolicyDataError';
    this.origin = origin;
    this.city = city;
    this.year = year;
    this.field = field;
  }
}

export function issue(code: PolicyErrorCode, field: string, zh: string, en: string): PolicyIssue {
  return { code, field, message: { zh, en } };
}
