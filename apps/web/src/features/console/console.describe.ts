import { formatList, t } from '../../i18n';
import type { RecentChange } from './console.api';

// The console's audit feed in business words: which record, what happened, which fields, for whom.
// Table and column names never reach the page; anything unnamed here is counted, not spelled out.

const RECORD: Record<string, () => string> = {
  employees: () => t('console.record.employees'),
  wage_history: () => t('console.record.wage_history'),
  employment_events: () => t('console.record.employment_events'),
  filing_tasks: () => t('console.record.filing_tasks'),
  coverage_periods: () => t('console.record.coverage_periods'),
  employee_requests: () => t('console.record.employee_requests'),
  entities: () => t('console.record.entities'),
  entity_registrations: () => t('console.record.entity_registrations'),
  tenant_plugins: () => t('console.record.tenant_plugins'),
  tenant_settings: () => t('console.record.tenant_settings'),
  custom_field_definitions: () => t('console.record.custom_field_definitions'),
  tenant_cities: () => t('console.record.tenant_cities'),
  month_closes: () => t('console.record.month_closes'),
  notifications: () => t('console.record.notifications'),
  webhook_endpoints: () => t('console.record.webhook_endpoints'),
  branches: () => t('console.record.branches'),
  branch_assignments: () => t('console.record.branch_assignments'),
};

const OPERATION: Record<string, () => string> = {
  insert: () => t('console.op.insert'),
  update: () => t('console.op.update'),
  delete: () => t('console.op.delete'),
  export: () => t('console.op.export'),
  reveal: () => t('console.op.reveal'),
  lock: () => t('console.op.lock'),
  unlock: () => t('console.op.unlock'),
};

const FIELD: Record<string, () => string> = {
  name: () => t('console.field.name'),
  mobile: () => t('console.field.mobile'),
  status: () => t('console.field.status'),
  enabled: () => t('console.field.enabled'),
  options: () => t('console.field.options'),
  monthly_wage_fen: () => t('console.field.wage'),
  wage_fen: () => t('console.field.wage'),
  base_fen: () => t('console.field.base'),
  work_city: () => t('console.field.workCity'),
  city_code: () => t('console.field.city'),
  hire_date: () => t('console.field.hireDate'),
  termination_date: () => t('console.field.lastWorkingDay'),
  last_working_day: () => t('console.field.lastWorkingDay'),
  entity_id: () => t('console.field.entity'),
  custom: () => t('console.field.custom'),
  receipt_no: () => t('console.field.receipt'),
  deleted_at: () => t('console.field.deleted'),
  read_at: () => t('console.field.read'),
  label_zh: () => t('console.field.label'),
  label_en: () => t('console.field.label'),
};

// Bookkeeping columns every write touches: not something a consultant asks about.
const BOOKKEEPING = new Set(['tenant_id', 'id', 'created_at', 'updated_at', 'updated_by', 'created_by', 'version']);

const ACTION: Record<string, () => string> = {
  'id_number.revealed': () => t('console.action.idNumberRevealed'),
  'employees.exported': () => t('console.action.employeesExported'),
  'filing_sheet.exported': () => t('console.action.filingSheetExported'),
  'custom_field.deleted': () => t('console.action.customFieldDeleted'),
  'tenant_config.applied': () => t('console.action.tenantConfigApplied'),
  'consultant_grant.created': () => t('console.action.grantCreated'),
  'consultant_grant.revoked': () => t('console.action.grantRevoked'),
  'invitation.created': () => t('console.action.invitationCreated'),
  'invitation.revoked': () => t('console.action.invitationRevoked'),
  'invitation.accepted': () => t('console.action.invitationAccepted'),
  'membership.role_changed': () => t('console.action.roleChanged'),
  'membership.removed': () => t('console.action.memberRemoved'),
  'month_close.locked': () => t('console.action.closeLocked'),
  'month_close.unlocked': () => t('console.action.closeUnlocked'),
  'api_key.created': () => t('console.action.apiKeyCreated'),
  'api_key.revoked': () => t('console.action.apiKeyRevoked'),
};

/** "修改了员工档案" / "Changed an employee record"; an unknown kind of change stays general. */
export function describeChange(c: RecentChange): string {
  const named = ACTION[c.action];
  if (named) return named();
  const op = c.operation ? OPERATION[c.operation] : undefined;
  const record = c.table ? RECORD[c.table] : undefined;
  if (op && record) return t('console.change', { op: op(), record: record() });
  return t('console.otherChange');
}

/** The changed fields in words ("月工资、手机号"), the rest as a count; empty for inserts and deletes. */
export function describeFields(c: RecentChange): string {
  if (c.operation !== 'update') return '';
  const shown = new Set<string>();
  let others = 0;
  for (const column of c.columns) {
    if (BOOKKEEPING.has(column)) continue;
    const label = FIELD[column];
    if (label) shown.add(label());
    else others++;
  }
  const names = [...shown];
  if (others) names.push(t('console.field.others', { count: others }));
  return names.length ? t('console.fields', { list: formatList(names) }) : '';
}
