import type { Kysely } from 'kysely';
import { withTenant, type Database, type FilingTaskRow } from '@lianxu/db';
import { tenantMembers } from '@lianxu/auth';
import type { FilingOutcome } from '@lianxu/workflows';
import { BureauRefusedError, filingOf, type BureauGateway } from '../filing/index';
import { recordNotice } from '../notifications/index';
import { notRegisteredRejection } from './filing-tasks';
import type { PersonalDataVault } from '../shared/index';

export interface LostFilingDeps {
  db: Kysely<Database>;
  vault: PersonalDataVault;
  bureau: BureauGateway;
  now?: () => Date;
}

/**
 * The bureau answered that it has no record of a filing it had acknowledged (本经办机构没有该申报记录:
 * its records were lost). Waiting cannot help, so the same filing is made again under the same
 * idempotency key (`<task>:<attempt>`), the task points at the new filing, and HR is told in the
 * inbox. Idempotent: a retry after a crash files under the same key, so the bureau answers with the
 * same new filing, and the notice is recorded once per lost filing.
 *
 * Returns the new filing as pending, or a rejection when the bureau refuses the filing outright
 * (the workflow then settles it as any rejection: HR fixes and resubmits).
 */
export async function refileLostFiling(deps: LostFilingDeps, t: FilingTaskRow, lostFilingId: string): Promise<FilingOutcome> {
  const { db, vault, bureau } = deps;
  const now = deps.now ?? (() => new Date());
  const prepared = await withTenant(db, t.tenant_id, async (trx) => {
    const e = await trx.selectFrom('employees as e')
      .innerJoin('entities as en', (j) => j.onRef('en.tenant_id', '=', 'e.tenant_id').onRef('en.id', '=', 'e.entity_id'))
      .leftJoin('entity_registrations as r', (j) => j.onRef('r.tenant_id', '=', 'e.tenant_id').onRef('r.entity_id', '=', 'e.entity_id')
        .on('r.city_code', '=', t.city_code).on('r.agency', '=', 'social_insurance'))
      .selectAll('e').select(['en.credit_code', 'r.registration_no'])
      .where('e.tenant_id', '=', t.tenant_id).where('e.id', '=', t.employee_id)
      .executeTakeFirstOrThrow();
    if (e.registration_no === null) return { name: e.name, filing: null };
    const idNumber = await vault.decrypt(trx, t.tenant_id, e.id_number_cipher, e.id_number_key_id);
    // The base was fixed when the task was first filed: the same filing, the same base. An enrollment
    // filed once always has one; without it nothing is filed again (never a base of 0 or the wage).
    if (t.kind === 'enrollment' && t.base_fen === null) throw new Error(`enrollment task ${t.id} has no computed base; it cannot be filed again`);
    return { name: e.name, filing: filingOf({ task: t, employee: e, employerCode: e.credit_code, registrationNo: e.registration_no, idNumber, baseFen: t.kind === 'enrollment' ? Number(t.base_fen) : 0 }) };
  });
  if (!prepared.filing) {
    return { status: 'rejected', filingId: null, rejection: notRegisteredRejection(t.city_code) };
  }

  let filingId: string;
  try {
    const { filing } = prepared;
    filingId = (filing.kind === 'enrollment' ? await bureau.submitEnrollment(filing.body) : await bureau.submitStop(filing.body)).filingId;
  } catch (error) {
    if (error instanceof BureauRefusedError) return { status: 'rejected', filingId: null, rejection: { code: error.code, message: error.message } };
    throw error; // unavailable: the activity is retried, polls the lost id again and files again under the same key
  }
  // The bureau still knew the key after all (a passing glitch): the same filing, nothing to tell.
  if (filingId === lostFilingId) return { status: 'pending', filingId };

  const what = t.kind === 'enrollment' ? '增员' : '减员';
  await withTenant(db, t.tenant_id, async (trx) => {
    await trx.updateTable('filing_tasks').set({ filing_id: filingId, updated_at: now() })
      .where('tenant_id', '=', t.tenant_id).where('id', '=', t.id).where('open', '=', true).execute();
    for (const member of await tenantMembers(trx, t.tenant_id, ['hr'])) {
      await recordNotice(trx, {
        tenantId: t.tenant_id,
        dedupeKey: `filing_refiled:${t.id}:${lostFilingId}:${member.userId}:in_app`,
        channel: 'in_app',
        recipientUserId: member.userId,
        kind: 'filing_refiled',
        subject: `${prepared.name} 的${what}申报已重新提交`,
        body: `社保经办机构查询不到 ${prepared.name} 的${what}申报记录（本经办机构没有该申报记录，原申报编号 ${lostFilingId}）。连续已用同一幂等键自动重新申报（新申报编号 ${filingId}），正在等待经办机构办理，您无需操作；如经办机构另行通知补充材料，请按通知办理。`,
        taskId: t.id,
      });
    }
  });
  return { status: 'pending', filingId };
}
