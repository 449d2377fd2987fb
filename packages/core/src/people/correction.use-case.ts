import type { Updateable } from 'kysely';
import { withTenant, type EmployeesTable } from '@lianxu/db';
import { checkResubmittable, lockedTask, requestResubmit, taskView, type TaskView } from '../coverage/index';
import { FieldProblems, maskIdNumber } from '../shared/index';
import { employeeRow, mapUnique, refuseDuplicatePerson } from './employee.records';
import { checkIdNumber, checkName } from './people.checks';
import type { PeopleActor, PeopleServiceDeps, PeopleTenant, ResubmitCorrections } from './people.types';

/** After a rejection HR corrects the employee's data; the task's workflow files again. */
export async function resubmit(deps: PeopleServiceDeps, tenant: PeopleTenant, actor: PeopleActor, taskId: string, corrections: ResubmitCorrections = {}): Promise<TaskView> {
  const { db, vault, clock } = deps;
  const today = clock.today();
  const problems = new FieldProblems();
  const name = corrections.name !== undefined ? checkName(problems, 'name', corrections.name) : undefined;
  const idNumber = corrections.idNumber !== undefined ? checkIdNumber(problems, 'idNumber', corrections.idNumber, today) : undefined;
  problems.throwIfAny();
  try {
    return await withTenant(
      db,
      tenant.id,
      async (trx) => {
        const t = await lockedTask(trx, tenant.id, taskId);
        checkResubmittable(t);
        const e = await employeeRow(trx, tenant.id, t.employee_id, true);
        const changes: Updateable<EmployeesTable> = {};
        if (name !== undefined && name !== e.name) changes.name = name;
        if (idNumber !== undefined) {
          const index = vault.blindIndex(tenant.id, idNumber);
          if (!index.equals(e.id_number_index)) {
            if (e.status === 'active') await refuseDuplicatePerson(trx, tenant.id, index, e.id);
            const sealed = await vault.encrypt(trx, tenant.id, idNumber);
            Object.assign(changes, { id_number_cipher: sealed.cipher, id_number_key_id: sealed.keyId, id_number_index: index, id_number_masked: maskIdNumber(idNumber) });
          }
        }
        if (Object.keys(changes).length) {
          await trx.updateTable('employees').set({ ...changes, updated_at: new Date() }).where('tenant_id', '=', tenant.id).where('id', '=', e.id).execute();
        }
        await requestResubmit(trx, tenant.id, t);
        return taskView(t, changes.name ?? e.name, today);
      },
      { actorId: actor.id },
    );
  } catch (error) {
    return mapUnique(error);
  }
}
