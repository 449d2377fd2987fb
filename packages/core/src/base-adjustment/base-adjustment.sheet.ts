import type { Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { baseChangeSheet, type BaseChangeFiling } from '../filing/index';
import type { PersonalDataVault } from '../shared/index';
import { adjustmentDecided, adjustmentNotFound } from './base-adjustment.errors';

/** Audit action of handing out a base-change sheet (it holds full ID numbers). */
export const AUDIT_BASE_CHANGE_SHEET_EXPORTED = 'base_change_sheet.exported';

/**
 * The confirmed adjustment's base changes as the city's sheet, to file on the portal: one row per
 * employee with a new base. Only once HR confirmed (a preview is not filed); the export is audited.
 */
export async function baseChangeFilingSheet(db: Kysely<Database>, vault: PersonalDataVault, tenantId: string, actorId: string, id: string): Promise<{ fileName: string; content: Buffer }> {
  const { adj, filings } = await withTenant(db, tenantId, async (trx) => {
    const adj = await trx.selectFrom('base_adjustments').select(['city_code', 'policy_year', 'effective_month', 'state']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!adj) throw adjustmentNotFound();
    if (adj.state !== 'applied') throw adjustmentDecided(adj.state === 'preview' ? 'unconfirmed' : adj.state);
    const rows = await trx.selectFrom('base_adjustment_lines as l')
      .innerJoin('employees as e', (j) => j.onRef('e.tenant_id', '=', 'l.tenant_id').onRef('e.id', '=', 'l.employee_id'))
      .innerJoin('entities as n', (j) => j.onRef('n.tenant_id', '=', 'l.tenant_id').onRef('n.id', '=', 'l.entity_id'))
      .leftJoin('entity_registrations as r', (j) => j.onRef('r.tenant_id', '=', 'l.tenant_id').onRef('r.entity_id', '=', 'l.entity_id').on('r.city_code', '=', adj.city_code).on('r.agency', '=', 'social_insurance'))
      .select(['l.person_name', 'l.old_base_fen', 'l.new_base_fen', 'l.average_wage_fen', 'e.id', 'e.id_number_cipher', 'e.id_number_key_id', 'n.credit_code', 'r.registration_no'])
      .where('l.tenant_id', '=', tenantId).where('l.adjustment_id', '=', id).where('l.new_base_fen', 'is not', null)
      .orderBy('l.person_name').orderBy('l.employee_id').execute();
    const filings: BaseChangeFiling[] = [];
    for (const r of rows) {
      filings.push({
        employerCode: r.credit_code, registrationNo: r.registration_no ?? '', personName: r.person_name, idNumber: await vault.decrypt(trx, tenantId, r.id_number_cipher, r.id_number_key_id),
        effectiveMonth: adj.effective_month, oldBaseFen: r.old_base_fen === null ? null : Number(r.old_base_fen), newBaseFen: Number(r.new_base_fen), averageWageFen: Number(r.average_wage_fen),
      });
    }
    await trx.insertInto('audit_log').values({
      tenant_id: tenantId, actor_id: actorId, table_name: 'base_adjustments', operation: 'export', row_key: JSON.stringify({ id }), changed_columns: [], action: AUDIT_BASE_CHANGE_SHEET_EXPORTED,
    }).execute();
    return { adj, filings };
  }, { actorId });
  return { fileName: `jishu-${adj.city_code}-${adj.policy_year}-${id.slice(0, 8)}.xlsx`, content: await baseChangeSheet(filings) };
}
