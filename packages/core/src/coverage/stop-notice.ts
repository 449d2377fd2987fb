import { addMonths } from '../shared/index';

// The SMS an employee gets when a stop is confirmed. One function, so the text HR previews before
// committing a termination or transfer is the text the employee receives.

export interface StopNoticeInput {
  name: string;
  /** The city's name as the tenant lists it. */
  city: string;
  /** Last contribution month, YYYY-MM. */
  month: string;
  /** The bureau's receipt number; absent in a preview (the bureau gives it when it confirms). */
  receiptNo?: string;
  /** True for a termination (the employee continues elsewhere); false for a transfer. */
  leaving: boolean;
}

/** The receipt number's stand-in while nothing is filed yet. */
export const RECEIPT_PLACEHOLDER = '（经办机构确认后的回执号）';

export function stopConfirmedSmsText(n: StopNoticeInput): string {
  const next = addMonths(n.month, 1);
  return n.leaving
    ? `【连续】${n.name}，您在${n.city}的社会保险由本单位缴纳至 ${n.month}（减员已确认，回执 ${n.receiptNo ?? RECEIPT_PLACEHOLDER}）。请在 ${next} 起由新单位或以灵活就业身份续缴：医保断缴超过 3 个月需重新计算等待期，社保或公积金断缴可能影响购房、落户资格。`
    : `【连续】${n.name}，您在${n.city}的社会保险缴纳至 ${n.month}，自 ${next} 起在新工作城市续缴，不会断缴。`;
}
