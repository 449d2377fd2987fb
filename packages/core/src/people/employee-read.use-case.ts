import { withTenant } from '@lianxu/db';
import { activeCustomFields, checkCustomFieldValues, type CustomFieldDefinition } from '../custom-fields/index';
import { auditEmployeesRead, employeeRow, throwProblems, viewOf, writeCustomFields } from './employee.records';
import type { EmployeeView, EntityView, PeopleActor, PeopleServiceDeps, PeopleTenant } from './people.types';

/** Audit action written by hand when a full ID number is shown. */
export const AUDIT_ID_NUMBER_REVEALED = 'id_number.revealed';

/** One employee as the employee page shows it. */
export async function getEmployee(deps: PeopleServiceDeps, tenant: PeopleTenant, employeeId: string): Promise<EmployeeView> {
  return withTenant(deps.db, tenant.id, (trx) => viewOf(trx, deps.clock, tenant.id, employeeId));
}

/** The tenant's employing entities and where each is registered (for the hire form). */
export async function listEntities(deps: PeopleServiceDeps, tenant: PeopleTenant): Promise<EntityView[]> {
  return withTenant(deps.db, tenant.id, async (trx) => {
    const entities = await trx.selectFrom('entities').select(['id', 'name', 'credit_code']).where('tenant_id', '=', tenant.id).orderBy('name').execute();
    const regs = await trx.selectFrom('entity_registrations').selectAll().where('tenant_id', '=', tenant.id).orderBy('city_code').orderBy('agency').execute();
    return entities.map((e) => ({
      id: e.id,
      name: e.name,
      creditCode: e.credit_code,
      registrations: regs.filter((r) => r.entity_id === e.id).map((r) => ({ cityCode: r.city_code, agency: r.agency, registrationNo: r.registration_no, gateway: r.gateway })),
    }));
  });
}

/** The tenant's live custom fields in display order (for the Excel columns). */
export async function customFieldDefinitions(deps: PeopleServiceDeps, tenant: PeopleTenant): Promise<CustomFieldDefinition[]> {
  return withTenant(deps.db, tenant.id, (trx) => activeCustomFields(trx, tenant.id));
}

/**
 * Changes some custom field values of an employee: absent keys stay, null removes a value. A
 * 400 names each bad one as `customFields.<key>`; values of deleted fields are kept untouched.
 */
export async function updateCustomFields(deps: PeopleServiceDeps, tenant: PeopleTenant, actor: PeopleActor, employeeId: string, input: unknown): Promise<EmployeeView> {
  return withTenant(
    deps.db,
    tenant.id,
    async (trx) => {
      const fields = await activeCustomFields(trx, tenant.id);
      const checked = checkCustomFieldValues(fields, input, { partial: true });
      throwProblems(checked.problems);
      const e = await employeeRow(trx, tenant.id, employeeId, true);
      await writeCustomFields(trx, tenant.id, e, checked.values);
      return viewOf(trx, deps.clock, tenant.id, e.id);
    },
    { actorId: actor.id },
  );
}

/** The full ID number, for one person with a reason to see it; the reveal is on record. */
export async function revealIdNumber(deps: PeopleServiceDeps, tenant: PeopleTenant, actor: PeopleActor, employeeId: string): Promise<{ idNumber: string }> {
  return withTenant(
    deps.db,
    tenant.id,
    async (trx) => {
      const e = await employeeRow(trx, tenant.id, employeeId);
      const idNumber = await deps.vault.decrypt(trx, tenant.id, e.id_number_cipher, e.id_number_key_id);
      await auditEmployeesRead(trx, tenant.id, actor.id, { operation: 'reveal', rowKey: { id: e.id }, action: AUDIT_ID_NUMBER_REVEALED });
      return { idNumber };
    },
    { actorId: actor.id },
  );
}
