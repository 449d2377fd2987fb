import { sql } from 'kysely';
import { withTenant, type EmployeeRow } from '@lianxu/db';
import { activeCustomFields, checkCustomFieldValues, type CustomFieldValue } from '../custom-fields/index';
import { notifyOutbox } from '../coverage/index';
import { FieldProblems, idNumberProblem, isUuid, type LocalizedText, normalizeIdNumber, PeopleError } from '../shared/index';
import type { ImportRow } from './employee-workbook';
import { mapUnique, writeCustomFields } from './employee.records';
import { hireIn } from './hire.use-case';
import { checkHire, checkPolicyCity, hukouOf, type CheckedHire } from './people.checks';
import type { HireInput, ImportResult, PeopleActor, PeopleServiceDeps, PeopleTenant } from './people.types';

type Planned =
  | { row: number; kind: 'update'; employee: EmployeeRow; values: Record<string, CustomFieldValue | null> }
  | { row: number; kind: 'hire'; checked: CheckedHire };

/**
 * An Excel import (rows read by readEmployeeWorkbook): a row whose full ID number finds an
 * employee through the blind index (or, in an exported file with masked numbers, whose
 * employee ID column does) updates that employee's custom fields; any other row is a hire
 * through the normal hire path. Every row is checked first; one bad cell refuses the whole
 * file with a 400 naming `rows[<row>].<column header>`, and nothing is written.
 */
export async function importEmployees(deps: PeopleServiceDeps, tenant: PeopleTenant, actor: PeopleActor, rows: ImportRow[], headers: Record<string, string>): Promise<ImportResult> {
  const { db, vault, clock, policyCities } = deps;
  const today = clock.today();
  const column = (field: string) => {
    if (field.startsWith('customFields.')) return headers[`cf.${field.slice('customFields.'.length)}`] ?? field;
    return headers[field] ?? field;
  };
  const at = (row: number, field: string) => `rows[${row}].${column(field)}`;
  // Rows are checked inside the transaction: the policy library must not need reading there.
  await policyCities.ready();
  return withTenant(
    db,
    tenant.id,
    async (trx) => {
      const fields = await activeCustomFields(trx, tenant.id);
      const entities = await trx.selectFrom('entities').select(['id', 'name']).where('tenant_id', '=', tenant.id).execute();
      const problems = new FieldProblems();
      const add = (row: number, fieldProblems: Record<string, LocalizedText>) => {
        for (const [f, m] of Object.entries(fieldProblems)) problems.add(at(row, f), m['zh-CN'], m.en);
      };
      const planned: Planned[] = [];
      const seenIndexes = new Map<string, number>();
      const seenEmployees = new Map<string, number>();
      for (const r of rows) {
        const idText = normalizeIdNumber(r.core.idNumber ?? '');
        const fullId = /^\d{17}[\dX]$/.test(idText) && !idNumberProblem(idText, today);
        let employee: EmployeeRow | undefined;
        if (fullId) {
          const index = vault.blindIndex(tenant.id, idText);
          const key = index.toString('hex');
          if (seenIndexes.has(key)) {
            problems.add(at(r.row, 'idNumber'), `与第 ${seenIndexes.get(key)} 行是同一个身份证号`, `the same ID number as row ${seenIndexes.get(key)}`);
            continue;
          }
          seenIndexes.set(key, r.row);
          employee = await trx
            .selectFrom('employees')
            .selectAll()
            .where('tenant_id', '=', tenant.id)
            .where('id_number_index', '=', index)
            .orderBy(sql`status = 'active'`, 'desc')
            .orderBy('hire_date', 'desc')
            .executeTakeFirst();
        } else if (r.core.employeeId) {
          if (!isUuid(r.core.employeeId)) {
            problems.add(at(r.row, 'employeeId'), '员工编号无效', 'is not an employee ID');
            continue;
          }
          employee = await trx.selectFrom('employees').selectAll().where('tenant_id', '=', tenant.id).where('id', '=', r.core.employeeId).executeTakeFirst();
          if (!employee) {
            problems.add(at(r.row, 'employeeId'), '没有这名员工', 'no such employee in this company');
            continue;
          }
          // An exported row edited in place: its masked number must still be this employee's.
          if (r.core.idNumber && r.core.idNumber !== employee.id_number_masked) {
            problems.add(at(r.row, 'idNumber'), '身份证号与员工编号对应的员工不符', 'does not belong to the employee with this employee ID');
            continue;
          }
        }
        if (employee) {
          if (seenEmployees.has(employee.id)) {
            problems.add(at(r.row, fullId ? 'idNumber' : 'employeeId'), `与第 ${seenEmployees.get(employee.id)} 行是同一名员工`, `the same employee as row ${seenEmployees.get(employee.id)}`);
            continue;
          }
          seenEmployees.set(employee.id, r.row);
          const checked = checkCustomFieldValues(fields, r.customFields, { partial: true });
          add(r.row, checked.problems);
          planned.push({ row: r.row, kind: 'update', employee, values: checked.values });
          continue;
        }
        if (!fullId) {
          problems.add(
            at(r.row, 'idNumber'),
            '找不到这名员工：更新已有员工需要完整的身份证号或员工编号，新员工需要完整的身份证号',
            'finds no employee: an existing employee needs the full ID number or the employee ID, a new one the full ID number',
          );
          continue;
        }
        // A new employee: the hire path, with the entity named by its name in the sheet.
        const rowProblems = new FieldProblems();
        const entity = r.core.entityName ? entities.find((e) => e.name === r.core.entityName) : undefined;
        if (r.core.entityName && !entity) rowProblems.add('entityName', '没有这个用工主体', 'no employing entity of this name');
        const input: HireInput = {
          entityId: entity?.id ?? null,
          name: r.core.name ?? '',
          idNumber: idText,
          mobile: r.core.mobile ?? '',
          hukou: hukouOf(r.core.hukou),
          workCity: r.core.workCity ?? '',
          hireDate: r.core.hireDate ?? '',
          monthlyWage: r.core.monthlyWage ?? '',
          customFields: r.customFields,
        };
        const checked = checkHire(rowProblems, input, today, fields, (id) => vault.blindIndex(tenant.id, id));
        // The library is loaded before this transaction opened, so this reads nothing.
        await checkPolicyCity(policyCities, rowProblems, 'workCity', checked.workCity);
        try {
          rowProblems.throwIfAny();
        } catch (error) {
          add(r.row, (error as PeopleError).fields ?? {});
          continue;
        }
        planned.push({ row: r.row, kind: 'hire', checked });
      }
      problems.throwIfAny();

      const result: ImportResult = { updated: 0, unchanged: 0, hired: 0, rows: [] };
      for (const p of planned) {
        if (p.kind === 'update') {
          const changed = await writeCustomFields(trx, tenant.id, p.employee, p.values);
          result[changed ? 'updated' : 'unchanged'] += 1;
          result.rows.push({ row: p.row, employeeId: p.employee.id, action: changed ? 'updated' : 'unchanged' });
          continue;
        }
        try {
          const { employee } = await hireIn(deps, trx, tenant, actor, { idempotencyKey: null, requestHash: null }, p.checked);
          result.hired += 1;
          result.rows.push({ row: p.row, employeeId: employee.id, action: 'hired' });
        } catch (error) {
          // A refusal found in the database (entity, city, a person already employed): named at its row.
          if (error instanceof PeopleError && error.fields) {
            add(p.row, error.fields);
            continue;
          }
          throw error;
        }
      }
      // Any refusal rolls back every row written above: nothing is half-imported.
      problems.throwIfAny();
      if (result.hired) await notifyOutbox(trx, tenant.id);
      return result;
    },
    { actorId: actor.id },
  ).catch(mapUnique);
}
