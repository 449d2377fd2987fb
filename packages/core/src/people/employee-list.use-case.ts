import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { withTenant, type Database, type TaskStatus } from '@lianxu/db';
import { activeCustomFields, filterValue, type CustomFieldDefinition, type CustomFieldValue } from '../custom-fields/index';
import { FieldProblems, normalizeIdNumber } from '../shared/index';
import { auditEmployeesRead, summaryOf } from './employee.records';
import type { EmployeeListItem, EmployeeListQuery, EmployeeSummary, PeopleActor, PeopleServiceDeps, PeopleTenant } from './people.types';

/** Audit action written by hand when employees are exported (the trigger writes row changes). */
export const AUDIT_EMPLOYEES_EXPORTED = 'employees.exported';

type ListOrder = { by: 'hire_date' | 'name'; dir: 'asc' | 'desc' } | { by: 'cf'; key: string; dir: 'asc' | 'desc' };

/** `cf.<key>=text` filters as one containment document, or null without filters; problems named `cf.<key>`. */
function customFieldFilter(problems: FieldProblems, fields: readonly CustomFieldDefinition[], filters: Record<string, string> | undefined): Record<string, CustomFieldValue> | null {
  const entries = Object.entries(filters ?? {});
  if (!entries.length) return null;
  const out: Record<string, CustomFieldValue> = {};
  for (const [key, text] of entries) {
    const d = fields.find((f) => f.key === key);
    if (!d) {
      problems.add(`cf.${key}`, '没有这个自定义字段', 'no such custom field');
      continue;
    }
    const v = filterValue(d, text);
    if ('problem' in v) problems.add(`cf.${key}`, v.problem['zh-CN'], v.problem.en);
    else out[key] = v.value;
  }
  return out;
}

/** A value as custom_field_search holds it: strings as they are, numbers and booleans as JSON text. */
function searchText(value: string | number | boolean): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Adds the custom field filters to an employees query. A searchable field is looked up in the
 * shared index custom_field_search (b-tree equality, which row-level security lets PostgreSQL use);
 * any other field is a containment test on the row (`custom_fields @> {...}`), checked row by row.
 */
function whereCustomFields<Q extends SelectQueryBuilder<Database, 'employees', any>>(q: Q, tenantId: string, fields: readonly CustomFieldDefinition[], containment: Record<string, CustomFieldValue> | null): Q {
  if (!containment) return q;
  const rest: Record<string, CustomFieldValue> = {};
  for (const [key, value] of Object.entries(containment)) {
    const field = fields.find((f) => f.key === key);
    if (!field?.searchable) {
      rest[key] = value;
      continue;
    }
    const text = searchText(Array.isArray(value) ? value[0]! : value);
    q = q.where('id', 'in', (eb) =>
      eb.selectFrom('custom_field_search').select('employee_id').where('tenant_id', '=', tenantId).where('field_key', '=', key).where('value', '=', text),
    ) as Q;
  }
  if (Object.keys(rest).length) q = q.where((eb) => eb('custom_fields', '@>', eb.cast<Record<string, unknown>>(eb.val(JSON.stringify(rest)), 'jsonb'))) as Q;
  return q;
}

function sortOf(problems: FieldProblems, fields: readonly CustomFieldDefinition[], sort: string | undefined): ListOrder {
  const text = (sort ?? '-hireDate').trim();
  const dir = text.startsWith('-') ? 'desc' : 'asc';
  const what = text.replace(/^[-+]/, '');
  if (what === 'hireDate') return { by: 'hire_date', dir };
  if (what === 'name') return { by: 'name', dir };
  if (what.startsWith('cf.')) {
    const key = what.slice(3);
    if (fields.some((f) => f.key === key)) return { by: 'cf', key, dir };
    problems.add('sort', `没有自定义字段 ${key}`, `no custom field ${key}`);
  } else {
    problems.add('sort', '排序应为 hireDate、name 或 cf.<字段键>，前加 - 表示倒序', 'must be hireDate, name or cf.<field key>, with a leading - for descending');
  }
  return { by: 'hire_date', dir: 'desc' };
}

/** One page of employees, newest hire first, each with its latest enrollment's status (read in the same query). */
export async function listEmployees(deps: PeopleServiceDeps, tenant: PeopleTenant, query: EmployeeListQuery = {}): Promise<{ items: EmployeeListItem[]; page: number; pageSize: number; total: number }> {
  const { db, vault } = deps;
  const page = Math.max(1, Math.floor(query.page ?? 1));
  const pageSize = Math.min(100, Math.max(1, Math.floor(query.pageSize ?? 20)));
  return withTenant(db, tenant.id, async (trx) => {
    const fields = await activeCustomFields(trx, tenant.id);
    const problems = new FieldProblems();
    const containment = customFieldFilter(problems, fields, query.customFields);
    const order = sortOf(problems, fields, query.sort);
    problems.throwIfAny();
    let q = trx.selectFrom('employees').where('tenant_id', '=', tenant.id);
    const text = query.q?.trim() ?? '';
    if (text) {
      const asId = normalizeIdNumber(text);
      if (/^\d{17}[\dX]$/.test(asId)) q = q.where('id_number_index', '=', vault.blindIndex(tenant.id, asId));
      // The last four ID characters, as the list itself shows them (110101**********1234).
      else if (/^\d{3}[\dX]$/.test(asId)) q = q.where(sql<string>`right(id_number_masked, 4)`, '=', asId);
      // Any part of the name: HR types the given name (小明) as often as the family name.
      else q = q.where('name', 'like', `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    }
    if (query.status) q = q.where('status', '=', query.status);
    if (query.city) q = q.where('work_city', '=', query.city);
    // Sorted by hire date with a searchable filter: the page is walked in the search index's
    // (field, value, hire_date desc, id) order and joined to the employees, so page 1 reads 20
    // index entries however many employees the tenant has. The count uses every filter.
    const driving = order.by === 'hire_date' ? Object.keys(containment ?? {}).find((k) => fields.find((f) => f.key === k)?.searchable) : undefined;
    const rest = driving ? Object.fromEntries(Object.entries(containment!).filter(([k]) => k !== driving)) : containment;
    const counted = whereCustomFields(q, tenant.id, fields, containment);
    q = whereCustomFields(q, tenant.id, fields, rest);
    // Each row's latest enrollment status, so a list page needs no request per row.
    const rowsOf = (qb: typeof q) =>
      qb.selectAll().select((eb) =>
        eb
          .selectFrom('filing_tasks as ft')
          .select('ft.status')
          .whereRef('ft.tenant_id', '=', 'employees.tenant_id')
          .whereRef('ft.employee_id', '=', 'employees.id')
          .where('ft.kind', '=', 'enrollment')
          .orderBy('ft.created_at', 'desc')
          .orderBy('ft.id', 'desc')
          .limit(1)
          .$castTo<TaskStatus | null>()
          .as('enrollment_status'),
      );
    const offset = (page - 1) * pageSize;
    const pageRows = () => {
      if (driving) {
        const v = containment![driving]!;
        return trx
          .selectFrom('custom_field_search as s')
          .innerJoin(rowsOf(q).as('e'), (j) => j.onRef('e.id', '=', 's.employee_id'))
          .selectAll('e')
          .where('s.tenant_id', '=', tenant.id)
          .where('s.field_key', '=', driving)
          .where('s.value', '=', searchText(Array.isArray(v) ? v[0]! : v))
          .orderBy('s.hire_date', order.dir)
          .orderBy('s.employee_id', order.dir === 'desc' ? 'asc' : 'desc')
          .limit(pageSize)
          .offset(offset)
          .execute();
      }
      let rowsQuery = rowsOf(q);
      if (order.by === 'cf') {
        const key = order.key;
        rowsQuery = rowsQuery.orderBy((eb) => eb.ref('custom_fields', '->').key(key as never), (ob) => (order.dir === 'asc' ? ob.asc() : ob.desc()).nullsLast()).orderBy('hire_date', 'desc').orderBy('id');
      } else if (order.by === 'name') {
        rowsQuery = rowsQuery.orderBy('name', order.dir).orderBy('id');
      } else {
        // (hire_date desc, id) and its reverse both walk the index employees_by_hire_date.
        rowsQuery = rowsQuery.orderBy('hire_date', order.dir).orderBy('id', order.dir === 'desc' ? 'asc' : 'desc');
      }
      return rowsQuery.limit(pageSize).offset(offset).execute();
    };
    const rows = await pageRows();
    const count = await counted.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return { items: rows.map((r) => ({ ...summaryOf(r, fields), enrollmentStatus: r.enrollment_status ?? null })), page, pageSize, total: Number(count.n) };
  });
}

/** Every employee matching the filters, for the Excel export (masked identifiers only); audited. */
export async function exportEmployees(
  deps: PeopleServiceDeps,
  tenant: PeopleTenant,
  actor: PeopleActor,
  query: Omit<EmployeeListQuery, 'page' | 'pageSize' | 'sort'> = {},
): Promise<{ rows: (EmployeeSummary & { entityName: string })[]; fields: CustomFieldDefinition[] }> {
  return withTenant(
    deps.db,
    tenant.id,
    async (trx: Kysely<Database>) => {
      const fields = await activeCustomFields(trx, tenant.id);
      const problems = new FieldProblems();
      const containment = customFieldFilter(problems, fields, query.customFields);
      problems.throwIfAny();
      let q = trx.selectFrom('employees as e').innerJoin('entities as en', (j) => j.onRef('en.tenant_id', '=', 'e.tenant_id').onRef('en.id', '=', 'e.entity_id')).where('e.tenant_id', '=', tenant.id);
      if (query.status) q = q.where('e.status', '=', query.status);
      if (query.city) q = q.where('e.work_city', '=', query.city);
      if (containment) q = q.where('e.id', 'in', whereCustomFields(trx.selectFrom('employees').select('id').where('tenant_id', '=', tenant.id), tenant.id, fields, containment));
      const rows = await q.selectAll('e').select('en.name as entity_name').orderBy('e.hire_date', 'desc').orderBy('e.id').execute();
      await auditEmployeesRead(trx, tenant.id, actor.id, {
        operation: 'export',
        rowKey: { rows: rows.length, status: query.status ?? null, city: query.city ?? null },
        action: AUDIT_EMPLOYEES_EXPORTED,
      });
      return { rows: rows.map((r) => ({ ...summaryOf(r, fields), entityName: r.entity_name })), fields };
    },
    { actorId: actor.id },
  );
}
