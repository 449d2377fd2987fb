import { z } from 'zod';
import { CREDIT_CODE_SHAPE, isValidCreditCode } from './credit-code.validator';
import { PROVINCE_PREFIXES } from './resident-id.validator';

// Shapes are checked here (400); whether an ID number's check digit is right is the bureau's
// business and comes back later as a rejection, as it does from a real 经办 platform.

const MONTH = /^(19|20)\d{2}-(0[1-9]|1[0-2])$/;
/** Upper bound on a monthly base: far above any city's cap (about 3x the average wage), below nonsense. */
export const MAX_BASE_FEN = 100_000_000;

export const cityCode = z
  .string()
  .regex(/^\d{6}$/, { error: '城市代码必须是 6 位 GB/T 2260 行政区划代码' })
  .refine((code) => PROVINCE_PREFIXES.has(code.slice(0, 2)), { error: '城市代码不是有效的行政区划代码' });

const idempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7E]+$/, { error: '幂等键只能包含可见的 ASCII 字符' });

export const employerCode = z
  .string()
  .regex(CREDIT_CODE_SHAPE, { error: '统一社会信用代码必须是 18 位（数字或大写字母，不含 I、O、S、V、Z）' })
  .refine(isValidCreditCode, { error: '统一社会信用代码校验位错误' });

const registrationNo = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[0-9A-Za-z-]+$/, { error: '单位社保登记号只能包含字母、数字和连字符' });

const idNumber = z
  .string()
  .transform((value) => value.toUpperCase())
  .pipe(z.string().regex(/^\d{17}[\dX]$/, { error: '公民身份号码必须是 18 位（前 17 位为数字，末位为数字或 X）' }));

const personName = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[\p{L}\p{M}·• .'-]+$/u, { error: '姓名只能包含文字、间隔号、空格、点和连字符' });

export const month = z.string().regex(MONTH, { error: '月份格式必须是 YYYY-MM' });

const fen = z.number().int().min(0).max(MAX_BASE_FEN);

export const enrollmentBody = z.strictObject({
  idempotencyKey,
  employerCode,
  registrationNo,
  personName,
  idNumber,
  hukou: z.enum(['local', 'non-local']),
  startMonth: month,
  base: z.number().int().positive().max(MAX_BASE_FEN),
  /** Optional monthly amounts (fen) the filer computed; kept with the coverage (the bill prices its own lines). */
  amounts: z.strictObject({ employer: fen, employee: fen }).optional(),
  /**
   * 补缴申报: the enrollment is filed late and declares the months before the month it is filed in
   * as back payments; those months are billed in that month's bill as 补缴 lines (original period,
   * late fee), not in their own bills.
   */
  backPay: z.boolean().optional(),
});

export const stopBody = z.strictObject({
  idempotencyKey,
  employerCode,
  registrationNo,
  idNumber,
  lastMonth: month,
  reason: z.string().trim().min(1).max(200),
});

/**
 * 缴费基数申报 (a base change): from `fromMonth` on, the person's monthly base with this employer is
 * `base` (the annual adjustment, or a wage change declared mid-year). The person must be covered by
 * this employer in that month.
 */
export const baseChangeBody = z.strictObject({
  idempotencyKey,
  employerCode,
  registrationNo,
  idNumber,
  fromMonth: month,
  base: z.number().int().positive().max(MAX_BASE_FEN),
});

// Not strict: a cache-busting or tracing query parameter is harmless here.
/** `paymentDay`: the employer's payment day in the city (its cut-off day), which sets the due date late fees run from; absent, the city's default. */
export const billQuery = z.object({
  employerCode,
  month,
  paymentDay: z.string().regex(/^([1-9]|1\d|2[0-8])$/, { error: '缴费截止日必须是 1 到 28 的整数' }).transform(Number).optional(),
});

export const faultsBody = z
  .strictObject({
    outageUntil: z.iso.datetime({ offset: true }).nullable().optional(),
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    errorRate: z.number().min(0).max(1).optional(),
    processingDelayMs: z
      .tuple([z.number().int().min(0).max(3_600_000), z.number().int().min(0).max(3_600_000)])
      .refine(([min, max]) => min <= max, { error: '最小延迟不能大于最大延迟' })
      .optional(),
  });

export const forgetBody = z.strictObject({ filingIds: z.array(z.string().min(1).max(100)).min(1).max(10_000) });

export const nameMismatchBody = z.strictObject({ idNumbers: z.array(idNumber).max(10_000) });

const insurance = z.enum(['pension', 'medical', 'maternity', 'unemployment', 'workInjury']);
const faultPerson = { idNumber };

/** One injected bill fault; see BillFault. */
export const billFault = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('rounding_drift'), ...faultPerson, insurance, fen: z.union([z.literal(1), z.literal(-1)]).default(1) }),
  z.strictObject({ kind: z.literal('missing_employee'), ...faultPerson }),
  z.strictObject({ kind: z.literal('leaver_billed'), ...faultPerson }),
  z.strictObject({ kind: z.literal('wrong_base'), ...faultPerson, baseFen: z.number().int().positive().max(MAX_BASE_FEN) }),
  z.strictObject({ kind: z.literal('duplicate_line'), ...faultPerson, insurance }),
]);

export const billFaultsBody = z.strictObject({ city: cityCode, employerCode, month, faults: z.array(billFault).max(1_000) });

export const billPaidBody = z.strictObject({
  city: cityCode,
  employerCode,
  month,
  paidOn: z.iso.date({ error: '缴费日期格式必须是 YYYY-MM-DD' }).optional(),
});

export type EnrollmentPayload = Omit<z.output<typeof enrollmentBody>, 'idempotencyKey'>;
export type StopPayload = Omit<z.output<typeof stopBody>, 'idempotencyKey'>;
export type BaseChangePayload = Omit<z.output<typeof baseChangeBody>, 'idempotencyKey'>;
export type FaultsPatch = z.output<typeof faultsBody>;
