import { describe, expect, it } from 'vitest';
import { RECEIPT_PLACEHOLDER, stopConfirmedSmsText } from './stop-notice';

// The stop SMS: one text for the preview HR sees and the message the employee gets.
describe('stopConfirmedSmsText', () => {
  it('tells a leaving employee the last month paid, the receipt and when to continue', () => {
    expect(stopConfirmedSmsText({ name: '李四', city: '上海', month: '2026-12', receiptNo: 'SH-1', leaving: true })).toBe(
      '【连续】李四，您在上海的社会保险由本单位缴纳至 2026-12（减员已确认，回执 SH-1）。请在 2027-01 起由新单位或以灵活就业身份续缴：医保断缴超过 3 个月需重新计算等待期，社保或公积金断缴可能影响购房、落户资格。',
    );
  });

  it('holds a stand-in for the receipt before the bureau has given one', () => {
    expect(stopConfirmedSmsText({ name: '李四', city: '上海', month: '2026-02', leaving: true })).toContain(`回执 ${RECEIPT_PLACEHOLDER}`);
  });

  it('tells a transferred employee there is no gap', () => {
    expect(stopConfirmedSmsText({ name: '王五', city: '杭州', month: '2026-04', leaving: false })).toBe('【连续】王五，您在杭州的社会保险缴纳至 2026-04，自 2026-05 起在新工作城市续缴，不会断缴。');
  });
});
