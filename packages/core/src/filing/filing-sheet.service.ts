import type { Kysely } from 'kysely';
import { businessDateOf, withTenant, type BusinessClock, type Database } from '@lianxu/db';
import { DomainError, notFound, type PersonalDataVault } from '../shared/index';
import { filingOf } from './bureau.gateway';
import { filingSheet } from './filing-file.gateway';

/** Audit action of handing out a filing sheet (it holds the full ID number). */
export const AUDIT_FILING_SHEET_EXPORTED = 'filing_sheet.exported';

/**
 * An enrollment sheet without a contribution base cannot be filed: the portal needs the base, and
 * printing the wage in its place would file a wrong base silently. HR gets the reason instead: the
 * calculator's, recorded on the task, or that the base is not computed yet (the sheet is ready
 * once the task is submitted).
 */
function baseUnavailable(rejection: { code: string; message: string } | null): DomainError {
  const reason = rejection?.code === 'contribution_base_unavailable' ? rejection.message : null;
  return new DomainError(409, 'contribution_base_unavailable', reason
    ? { 'zh-CN': `缴费基数无法计算，不能生成增员表：${reason}`, en: `No contribution base could be computed, so there is no enrollment sheet: ${reason}` }
    : { 'zh-CN': '缴费基数尚未计算，增员表在任务提交后才能下载', en: 'The contribution base is not computed yet; the enrollment sheet can be downloaded once the task is submitted' });
}

export function createFilingSheetService({ db, vault, clock }: { db: Kysely<Database>; vault: PersonalDataVault; clock?: BusinessClock }) {
  return {
    /**
     * The city's enrollment or stop sheet for a filing made by hand (filing-file gateway): the
     * spreadsheet HR uploads to the government portal. It holds the full ID number, so handing it
     * out is an export on record.
     */
    async filingSheet(tenant: { id: string }, actor: { id: string }, taskId: string): Promise<{ fileName: string; content: Buffer }> {
      const filing = await withTenant(
        db,
        tenant.id,
        async (trx) => {
          const t = await trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', tenant.id).where('id', '=', taskId).forUpdate().executeTakeFirst();
          if (!t) throw notFound('task');
          if (t.kind === 'enrollment' && t.base_fen === null) throw baseUnavailable(t.rejection);
          const e = await trx.selectFrom('employees').selectAll().where('tenant_id', '=', tenant.id).where('id', '=', t.employee_id).executeTakeFirst();
          if (!e) throw notFound('employee');
          const entity = await trx.selectFrom('entities').select('credit_code').where('tenant_id', '=', tenant.id).where('id', '=', e.entity_id).executeTakeFirstOrThrow();
          const reg = await trx.selectFrom('entity_registrations').select('registration_no')
            .where('tenant_id', '=', tenant.id).where('entity_id', '=', e.entity_id).where('city_code', '=', t.city_code).where('agency', '=', 'social_insurance').executeTakeFirst();
          const idNumber = await vault.decrypt(trx, tenant.id, e.id_number_cipher, e.id_number_key_id);
          await trx.insertInto('audit_log').values({
            tenant_id: tenant.id, actor_id: actor.id, table_name: 'filing_tasks', operation: 'export',
            row_key: JSON.stringify({ id: t.id }), changed_columns: [], action: AUDIT_FILING_SHEET_EXPORTED,
          }).execute();
          // A stop filing carries no base (checked above for an enrollment).
          const source = { task: t, employee: e, employerCode: entity.credit_code, registrationNo: reg?.registration_no ?? '', idNumber, baseFen: Number(t.base_fen ?? 0) };
          return { ...filingOf(source), month: t.month, city: t.city_code };
        },
        { actorId: actor.id },
      );
      const filingMonth = (clock?.today() ?? businessDateOf(new Date())).slice(0, 7);
      const content = filing.kind === 'enrollment' ? await filingSheet('enrollment', [filing.body], filingMonth) : await filingSheet('stop', [filing.body], filingMonth);
      return { fileName: `${filing.kind === 'enrollment' ? 'zengyuan' : 'jianyuan'}-${filing.city}-${filing.month}-${taskId.slice(0, 8)}.xlsx`, content };
    },
  };
}
export type FilingSheetService = ReturnType<typeof createFilingSheetService>;
