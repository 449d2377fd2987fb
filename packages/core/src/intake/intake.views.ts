import { createHash, randomBytes } from 'node:crypto';
import type { CandidateIntakeRow } from '@lianxu/db';
import { fenToYuan, maskMobile, monthOf } from '../shared/index';
import { hukouOfType } from './intake.checks';
import { assessGap } from './intake.gap';
import type { EducationLevel, IntakeState, IntakeSummary, IntakeView } from './intake.types';

/** A fresh link token: 32 random bytes, base64url. Only its hash is stored. */
export const newToken = (): string => randomBytes(32).toString('base64url');

export const tokenHash = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/** A well-formed token (43 base64url characters); anything else is refused before any query. */
export const isTokenShape = (token: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(token);

export const linkPathOf = (slug: string, token: string): string => `/intake/${slug}/${token}`;

/** The state as people see it: an unsubmitted link past its expiry is expired. */
export function stateOf(row: Pick<CandidateIntakeRow, 'state' | 'expires_at'>, now: Date): IntakeState {
  return row.state === 'sent' && row.expires_at.getTime() <= now.getTime() ? 'expired' : row.state;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function summaryOf(row: CandidateIntakeRow, now: Date): IntakeSummary {
  return {
    id: row.id,
    state: stateOf(row, now),
    name: row.name,
    mobile: maskMobile(row.mobile),
    cityCode: row.city_code,
    entityId: row.entity_id,
    startDate: row.start_date,
    monthlyWage: fenToYuan(row.monthly_wage_fen),
    expiresAt: row.expires_at.toISOString(),
    externalId: row.external_id,
    submittedAt: iso(row.submitted_at),
    confirmedAt: iso(row.confirmed_at),
    employeeId: row.employee_id,
    createdAt: row.created_at.toISOString(),
  };
}

export function gapOf(row: CandidateIntakeRow) {
  if (row.first_insured === null || row.hukou_type === null) return null;
  return assessGap({
    cityCode: row.city_code,
    startMonth: monthOf(row.start_date),
    lastPaidMonth: row.first_insured ? null : row.last_paid_month,
    wageFen: BigInt(row.monthly_wage_fen),
    hukou: hukouOfType(row.hukou_type),
  });
}

/** HR's view: the answers with the ID and bank card numbers masked, and the gap. */
export function viewOf(row: CandidateIntakeRow, now: Date): IntakeView {
  const submitted = row.submitted_at !== null && row.id_type !== null;
  return {
    ...summaryOf(row, now),
    answers: submitted
      ? {
          idType: row.id_type!,
          idNumberMasked: row.id_number_masked ?? '',
          name: row.name,
          sex: row.sex!,
          birthDate: row.birth_date!,
          ethnicity: row.ethnicity ?? '',
          hukouType: row.hukou_type!,
          hukouAddress: row.hukou_address ?? '',
          mobile: maskMobile(row.mobile),
          education: row.education as EducationLevel,
          maritalStatus: row.marital_status!,
          previousSiAccount: row.previous_si_account,
          previousHfAccount: row.previous_hf_account,
          firstInsured: row.first_insured!,
          lastPaidMonth: row.last_paid_month,
          bankName: row.bank_name ?? '',
          bankCardMasked: row.bank_card_masked ?? '',
        }
      : null,
    gap: submitted ? gapOf(row) : null,
  };
}
