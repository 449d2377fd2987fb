import type { DualRunDifferenceClass } from '@lianxu/db';
import type { PairedDifference } from './dual-run.compare';

// The first class of each difference, from its shape; a person may class it otherwise later.
//   timing        a change in one system the other has not caught up with (a hire, a leave, a month not yet covered)
//   configuration the same facts computed differently (a one-fen rounding)
//   data          a fact typed differently in the two systems (a wage)
//   defect        money that should not be there (a month paid twice, a line without a reason)

const split = (v: string | null) => (v === null ? null : v.split(';')[0]!.split('|'));

export function classify(d: PairedDifference, all: PairedDifference[]): DualRunDifferenceClass {
  if (d.kind === 'roster') {
    const [a, b] = [split(d.legacy), split(d.lianxu)];
    if (!a || !b || a[0] !== b[0]) return 'timing';
    return 'data';
  }
  if (d.kind === 'coverage') return 'timing';
  const roster = all.find((x) => x.kind === 'roster' && x.subject === d.subject);
  if (d.legacy === null || d.lianxu === null) return roster ? 'timing' : 'defect';
  const [le, lm] = d.legacy.split('|').map(Number) as [number, number];
  const [xe, xm] = d.lianxu.split('|').map(Number) as [number, number];
  if (Math.abs(le - xe) <= 1 && Math.abs(lm - xm) <= 1) return 'configuration';
  const k = xe + xm === 0 ? 0 : (le + lm) / (xe + xm);
  if (Number.isInteger(k) && k >= 2 && le === k * xe && lm === k * xm) return 'defect';
  if (roster) return 'data';
  return 'defect';
}

/** The amount (employer + employee, fen) the old system has more than Lianxu for a contribution difference. */
export function amountGap(d: { kind: string; legacy_value: string | null; lianxu_value: string | null }): number {
  if (d.kind !== 'contribution') return 0;
  const sum = (v: string | null) => (v ?? '').split(';').filter(Boolean).reduce((s, part) => s + part.split('|').map(Number).reduce((a, b) => a + b, 0), 0);
  return sum(d.legacy_value) - sum(d.lianxu_value);
}
