import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { inOneRoundTrip, withTenant, type Database } from '@lianxu/db';
import { activeCustomFields } from '../custom-fields/index';
import { enrollmentTaskRows, fundFilingRow, outboxPluginEventRow, taskSettingsFrom, taskSettingsQuery } from '../coverage/index';
import { FieldProblems, invalidField, maskIdNumber, monthOf } from '../shared/index';
import { duplicatePerson, eventRow, mapUnique, recordOnce, viewOf, type EventContext } from './employee.records';
import { checkHire, checkPolicyCity, notRegistered, type CheckedHire } from './people.checks';
import type { EmployeeView, HireInput, PeopleActor, PeopleServiceDeps, PeopleTenant, RecordedAnswer } from './people.types';

type Trx = Kysely<Database>;

/**
 * The transactional part of a hire: what it depends on (entities, the city's registrations, an
 * active employee with this ID number, the tenant's settings) read in one round trip, then the
 * employee, the event, the wage, the enrollment task and its outbox row (and the housing fund's
 * 缴存登记 where the entity is registered with the city's fund centre) written in another.
 */
export async function hireIn(deps: Pick<PeopleServiceDeps, 'vault' | 'hireListeners'>, trx: Trx, tenant: PeopleTenant, actor: PeopleActor, ctx: EventContext, h: CheckedHire) {
  const [entities, registrations, sameIdNumber, settingsRows] = await inOneRoundTrip(trx, [
    trx.selectFrom('entities').select('id').where('tenant_id', '=', tenant.id),
    trx.selectFrom('entity_registrations').select(['entity_id', 'gateway', 'agency'])
      .where('tenant_id', '=', tenant.id).where('city_code', '=', h.workCity).where('agency', 'in', ['social_insurance', 'housing_fund']),
    trx.selectFrom('employees').select('id').where('tenant_id', '=', tenant.id).where('id_number_index', '=', h.index).where('status', '=', 'active').limit(1),
    taskSettingsQuery(trx, tenant.id),
  ] as const);
  let entityId: string;
  if (h.entityInput !== null) {
    if (!entities.some((e) => e.id === h.entityInput)) throw invalidField('entityId', '没有这个用工主体', 'no such employing entity in this company');
    entityId = h.entityInput;
  } else if (entities.length === 1) {
    entityId = entities[0]!.id;
  } else {
    throw invalidField('entityId', `本单位有 ${entities.length} 个用工主体，请选择一个`, `required: this company has ${entities.length} employing entities; choose one`);
  }
  const gateway = registrations.find((r) => r.entity_id === entityId && r.agency === 'social_insurance')?.gateway;
  // The housing fund is its own filing, with the city's fund centre, where the entity is registered with it.
  const fundRegisteredHere = registrations.some((r) => r.entity_id === entityId && r.agency === 'housing_fund');
  if (!gateway) throw notRegistered('workCity', h.workCity);
  if (sameIdNumber.length) throw duplicatePerson();
  const settings = taskSettingsFrom(settingsRows[0]);

  const sealed = await deps.vault.encrypt(trx, tenant.id, h.idNumber);
  const employeeId = randomUUID();
  const eventId = randomUUID();
  const [task, start] = enrollmentTaskRows(trx, tenant, { taskId: randomUUID(), employeeId, eventId, cityCode: h.workCity, gateway, fromDate: h.hireDate }, settings);
  const writes = [
    trx.insertInto('employees').values({
      id: employeeId,
      tenant_id: tenant.id,
      entity_id: entityId,
      name: h.name,
      mobile: h.mobile,
      id_number_cipher: sealed.cipher,
      id_number_key_id: sealed.keyId,
      id_number_index: h.index,
      id_number_masked: maskIdNumber(h.idNumber),
      hukou: h.hukou,
      work_city: h.workCity,
      hire_date: h.hireDate,
      monthly_wage_fen: h.wageFen.toString(),
      custom_fields: JSON.stringify(h.customFields),
    }).returningAll(),
    eventRow(trx, tenant.id, actor, ctx, {
      id: eventId,
      employeeId,
      kind: 'hire',
      effectiveDate: h.hireDate,
      details: { entityId, workCity: h.workCity, hukou: h.hukou, monthlyWageFen: h.wageFen.toString() },
    }),
    trx.insertInto('wage_history').values({ tenant_id: tenant.id, employee_id: employeeId, effective_from: h.hireDate, monthly_wage_fen: h.wageFen.toString(), event_id: eventId }),
    task,
    start,
  ] as const;
  // Plugins hear of the hire only once it commits, through the outbox (at least once, keyed by the
  // event), where a plugin with an employeeHired handler is enabled.
  const hired = outboxPluginEventRow(trx, tenant.id, 'employeeHired', eventId, { employeeId, eventId, hireDate: h.hireDate, entityId, workCity: h.workCity }, deps.hireListeners);
  // The housing fund's 缴存登记 goes in the same round trip, where the entity is registered with the city's fund centre.
  const fund = fundRegisteredHere ? fundFilingRow(trx, tenant.id, { employeeId, eventId, kind: 'open', cityCode: h.workCity, month: monthOf(h.hireDate), eventDate: h.hireDate }) : null;
  const extra = [...(hired ? [hired] : []), ...(fund ? [fund] : [])];
  const [[employee], , , tasks, , ...rest] = await inOneRoundTrip(trx, [...writes, ...extra] as const);
  const fundRows = fund ? (rest[rest.length - 1] as Awaited<ReturnType<typeof fund.execute>>) : [];
  return { employee: employee!, tasks, fundFilings: fundRows, eventId };
}

/**
 * Hires: validates everything (a 400 naming each bad field, custom fields as
 * `customFields.<key>`, nothing written), then in one transaction writes the employee, the hire
 * event, the first wage, the enrollment task and the outbox row that starts its workflow.
 * Answers 201 with the employee.
 */
export async function hire(deps: PeopleServiceDeps, tenant: PeopleTenant, actor: PeopleActor, input: HireInput, idempotencyKey?: string): Promise<RecordedAnswer<EmployeeView>> {
  const { db, vault, clock } = deps;
  const today = clock.today();
  const fields = await withTenant(db, tenant.id, (trx) => activeCustomFields(trx, tenant.id));
  const problems = new FieldProblems();
  const checked = checkHire(problems, input, today, fields, (id) => vault.blindIndex(tenant.id, id));
  await checkPolicyCity(deps.policyCities, problems, 'workCity', checked.workCity);
  problems.throwIfAny();
  // The request hash carries the blind index, never the ID number (a plain hash of an
  // 18-digit number with a known structure could be reversed by trying them all).
  const hashBody = { ...input, idNumber: checked.index.toString('hex') };

  try {
    return await recordOnce(db, tenant, actor, 'hire', hashBody, idempotencyKey, async (trx, ctx) => {
      const { employee, tasks, fundFilings, eventId } = await hireIn(deps, trx, tenant, actor, ctx, checked);
      // The answer is built from what was just written: no read-back.
      return { status: 201, body: await viewOf(trx, clock, tenant.id, employee.id, { fields, newHire: { hireDate: checked.hireDate, wageFen: BigInt(checked.wageFen), employee, tasks, fundFilings } }), eventId };
    });
  } catch (error) {
    return mapUnique(error);
  }
}
