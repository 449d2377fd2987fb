import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import type { BaseChangeFilingOutcome } from '@lianxu/workflows';
import { heldBackFilingId, recordHeldBackFiling, shadowDualRun } from '../coverage/index';
import { BureauRefusedError, BureauUnavailableError, type BaseChangeSubmission, type BureauGateway, type FilingState } from '../filing/index';
import { recordNotice } from '../notifications/index';
import type { PersonalDataVault } from '../shared/index';
import { adjustmentNotFound } from './base-adjustment.errors';

// After HR confirmed an adjustment, its base changes go to the bureau: for each line with a new base
// whose employing entity is registered with the bureau's HTTP interface in the city, a 缴费基数申报
// from the policy year's first month (or the first month the person is covered in the city, if
// later), under a key of the adjustment and the employee, so a retried activity files nothing twice.
// The bureau's answers are kept on the lines. Entities filing by hand get the city's sheet instead
// (base-adjustment.sheet.ts) and are only counted here. A refused change is told to HR, never dropped.

export interface FileBaseChangesDeps {
  db: Kysely<Database>;
  vault: PersonalDataVault;
  bureau: BureauGateway;
  /** How long one call waits for the bureau's decisions before answering what is still pending. */
  waitMs?: number;
  pollMs?: number;
}

interface LineRow {
  employee_id: string;
  person_name: string;
  new_base_fen: string;
  filing_id: string | null;
  filing_status: 'submitted' | 'confirmed' | 'rejected' | null;
  credit_code: string;
  registration_no: string | null;
  gateway: string | null;
  id_number_cipher: Buffer;
  id_number_key_id: string;
  first_covered: string | null;
}

const SUBMIT_CONCURRENCY = 8;

export const BASE_CHANGE_REJECTED_NOTICE = 'base_change_rejected';

export async function fileBaseChanges(deps: FileBaseChangesDeps, input: { tenantId: string; adjustmentId: string }): Promise<BaseChangeFilingOutcome> {
  const { db, vault, bureau } = deps;
  const { tenantId, adjustmentId } = input;
  const inTenant = <T>(work: (trx: Kysely<Database>) => Promise<T>) => withTenant(db, tenantId, work);

  // 1. The lines to file, with what a filing needs (ID numbers opened inside the transaction).
  const { adj, rows, toSubmit } = await inTenant(async (trx) => {
    const adj = await trx.selectFrom('base_adjustments').select(['city_code', 'state', 'effective_month', 'effective_to']).where('tenant_id', '=', tenantId).where('id', '=', adjustmentId).executeTakeFirst();
    if (!adj) throw adjustmentNotFound();
    if (adj.state !== 'applied') return { adj, rows: [] as LineRow[], toSubmit: [] as { employeeId: string; filing: BaseChangeSubmission }[] };
    const rows = (await sql<LineRow>`
      select l.employee_id, l.person_name, l.new_base_fen, l.filing_id, l.filing_status, n.credit_code, r.registration_no, r.gateway,
             e.id_number_cipher, e.id_number_key_id,
             (select min(c.start_month) from coverage_periods c
               where c.tenant_id = l.tenant_id and c.employee_id = l.employee_id and c.city_code = ${adj.city_code}
                 and c.start_month <= ${adj.effective_to} and (c.end_month is null or c.end_month >= ${adj.effective_month})) as first_covered
      from base_adjustment_lines l
      join employees e on e.tenant_id = l.tenant_id and e.id = l.employee_id
      join entities n on n.tenant_id = l.tenant_id and n.id = l.entity_id
      left join entity_registrations r on r.tenant_id = l.tenant_id and r.entity_id = l.entity_id and r.city_code = ${adj.city_code} and r.agency = 'social_insurance'
      where l.tenant_id = ${tenantId} and l.adjustment_id = ${adjustmentId} and l.new_base_fen is not null
      order by l.employee_id`.execute(trx)).rows;
    const toSubmit: { employeeId: string; filing: BaseChangeSubmission }[] = [];
    for (const r of rows) {
      if (r.gateway !== 'bureau-sim' || r.registration_no === null || r.filing_status !== null) continue;
      const fromMonth = r.first_covered !== null && r.first_covered > adj.effective_month ? r.first_covered : adj.effective_month;
      toSubmit.push({
        employeeId: r.employee_id,
        filing: {
          idempotencyKey: `base-change:${adjustmentId}:${r.employee_id}`, city: adj.city_code, employerCode: r.credit_code, registrationNo: r.registration_no,
          idNumber: await vault.decrypt(trx, tenantId, r.id_number_cipher, r.id_number_key_id), fromMonth, base: Number(r.new_base_fen),
        },
      });
    }
    return { adj, rows, toSubmit };
  });
  // Not confirmed (a preview, a cancelled adjustment): nothing is filed.
  if (adj.state !== 'applied') return { viaBureau: 0, confirmed: 0, rejected: 0, pending: 0, byHand: 0 };
  const byHand = rows.filter((r) => r.gateway !== 'bureau-sim' || r.registration_no === null).length;
  const viaBureau = rows.length - byHand;
  // A dual run in shadow mode: the old system files the base changes; Lianxu's are computed and
  // held back (filing/held-back.ts), the lines closed as filed by it, never sent later.
  if (toSubmit.length && (await inTenant((trx) => holdBack(trx, toSubmit)))) toSubmit.length = 0;

  // 2. File what has not been filed, a few at a time; each answer is kept as soon as it comes. A
  // bureau that cannot be reached (5xx, timeout) leaves the line unfiled: it counts as pending and the
  // workflow's next look files it under the same key, however long the outage lasts.
  let unavailable = false;
  const queue = [...toSubmit];
  await Promise.all(Array.from({ length: Math.min(SUBMIT_CONCURRENCY, queue.length) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { employeeId, filing } = next;
      try {
        const { filingId } = await bureau.submitBaseChange(filing);
        await record(employeeId, { filing_id: filingId, filing_status: 'submitted', from_month: filing.fromMonth });
      } catch (error) {
        if (error instanceof BureauRefusedError) {
          await record(employeeId, { filing_status: 'rejected', from_month: filing.fromMonth, rejection: JSON.stringify({ code: error.code, message: error.message }) });
        } else if (error instanceof BureauUnavailableError) unavailable = true;
        else throw error;
      }
    }
  }));

  // 3. The bureau's decisions, waited for a little; what stays pending is looked at again later.
  const waitMs = deps.waitMs ?? 20_000;
  const pollMs = deps.pollMs ?? 1_000;
  const until = Date.now() + waitMs;
  while (!unavailable) {
    const open = await inTenant((trx) => trx.selectFrom('base_adjustment_lines').select(['employee_id', 'filing_id']).where('tenant_id', '=', tenantId)
      .where('adjustment_id', '=', adjustmentId).where('filing_status', '=', 'submitted').execute());
    for (const line of open) {
      let state: FilingState;
      try {
        state = await bureau.status(adj.city_code, line.filing_id!);
      } catch (error) {
        if (!(error instanceof BureauUnavailableError)) throw error;
        unavailable = true;
        break;
      }
      if (state.status === 'confirmed') await record(line.employee_id, { filing_status: 'confirmed', receipt_no: state.receiptNo });
      else if (state.status === 'rejected') await record(line.employee_id, { filing_status: 'rejected', rejection: JSON.stringify(state.rejection) });
      // The bureau lost it: filed again at the next call, under the same key.
      else if (state.status === 'unknown') await record(line.employee_id, { filing_status: null, filing_id: null });
    }
    if ((await countsOf()).pending === 0 || Date.now() >= until) break;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  const counts = await countsOf();
  if (counts.rejected > 0) await tellHr(counts.rejected);
  return { ...counts, viaBureau, byHand };

  async function holdBack(trx: Kysely<Database>, lines: { employeeId: string; filing: BaseChangeSubmission }[]): Promise<boolean> {
    const shadow = await shadowDualRun(trx, tenantId);
    if (!shadow) return false;
    for (const { employeeId, filing: f } of lines) {
      await recordHeldBackFiling(trx, { tenantId, runId: shadow.runId, idempotencyKey: f.idempotencyKey, kind: 'base_change', employeeId, taskId: null, cityCode: f.city, month: f.fromMonth, baseFen: f.base });
      await trx.updateTable('base_adjustment_lines').set({ filing_id: heldBackFilingId(f.idempotencyKey), filing_status: 'confirmed', from_month: f.fromMonth })
        .where('tenant_id', '=', tenantId).where('adjustment_id', '=', adjustmentId).where('employee_id', '=', employeeId).where('filing_status', 'is', null).execute();
    }
    return true;
  }

  function record(employeeId: string, set: { filing_id?: string | null; filing_status: LineRow['filing_status']; from_month?: string; receipt_no?: string; rejection?: string }) {
    return inTenant((trx) => trx.updateTable('base_adjustment_lines').set(set).where('tenant_id', '=', tenantId).where('adjustment_id', '=', adjustmentId).where('employee_id', '=', employeeId).execute());
  }

  async function countsOf() {
    const r = await inTenant((trx) => sql<{ confirmed: number; rejected: number; pending: number }>`
      select count(*) filter (where filing_status = 'confirmed')::int as confirmed, count(*) filter (where filing_status = 'rejected')::int as rejected,
             count(*) filter (where filing_status = 'submitted' or filing_status is null)::int as pending
      from base_adjustment_lines l
      where l.tenant_id = ${tenantId} and l.adjustment_id = ${adjustmentId} and l.new_base_fen is not null
        and exists (select 1 from entity_registrations r where r.tenant_id = l.tenant_id and r.entity_id = l.entity_id and r.city_code = ${adj.city_code}
                      and r.agency = 'social_insurance' and r.gateway = 'bureau-sim')`.execute(trx));
    return r.rows[0]!;
  }

  /** One notice per adjustment and person of HR: how many base changes the bureau refused, to look at on the adjustment's page. */
  async function tellHr(rejected: number) {
    await inTenant(async (trx) => {
      const recipients = await trx.selectFrom('memberships').select('user_id').where('tenant_id', '=', tenantId).where('role', 'in', ['tenant_admin', 'hr']).orderBy('user_id').execute();
      for (const r of recipients) {
        await recordNotice(trx, {
          tenantId, dedupeKey: `${BASE_CHANGE_REJECTED_NOTICE}:${adjustmentId}:${r.user_id}`, channel: 'in_app', recipientUserId: r.user_id, kind: BASE_CHANGE_REJECTED_NOTICE,
          subject: `社保经办机构退回了 ${rejected} 条缴费基数申报`,
          body: `年度缴费基数调整中有 ${rejected} 条缴费基数申报被社保经办机构退回，这些员工的新基数尚未生效。请在“年度基数调整”中查看退回原因，处理后通过城市申报表补报。`,
          en: {
            subject: `The bureau refused ${rejected} contribution base change${rejected === 1 ? '' : 's'}`,
            body: `${rejected} base change${rejected === 1 ? '' : 's'} of the annual contribution base adjustment ${rejected === 1 ? 'was' : 'were'} refused by the social insurance bureau; those employees' new bases are not in effect. See the reasons under Annual base adjustment and file them with the city's sheet once fixed.`,
          },
        });
      }
    });
  }
}
