import { t, type MessageKey } from '../../i18n';

// Names of open sets the API sends as codes (insurances, filing kinds and statuses): a code this
// app has no name for is shown as it comes rather than as a message key.

const INSURANCES = new Set(['pension', 'medical', 'maternity', 'unemployment', 'workInjury', 'housingFund']);
const TASK_KINDS = new Set(['enrollment', 'stop']);
const TASK_STATUSES = new Set(['pending_approval', 'submitting', 'submitted', 'confirmed', 'rejected', 'cancelled']);

export function insuranceLabel(code: string): string {
  return INSURANCES.has(code) ? t(`insurance.${code}` as MessageKey & `insurance.${string}`) : code;
}

export function filingKindLabel(kind: string): string {
  return TASK_KINDS.has(kind) ? t(`taskKind.${kind}` as MessageKey & `taskKind.${string}`) : kind;
}

export function filingStatusLabel(status: string): string {
  return TASK_STATUSES.has(status) ? t(`taskStatus.${status}` as MessageKey & `taskStatus.${string}`) : status;
}
