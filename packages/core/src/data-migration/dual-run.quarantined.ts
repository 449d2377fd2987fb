import { sql, type Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import { subjectOf } from './dual-run.lianxu-side';
import { sandboxSchema } from './migration.loader';
import { columnsFor, proposeMapping, type MigrationMapping } from './migration.mapping';

// People whose roster row the migration quarantined never reached Lianxu, so every day of the dual
// run finds them in the old system only. They are known, not new: their differences are recorded
// as explained (with the finding that quarantined them), visible on the dashboard but neither open
// nor counted against the day's totals, so a run over dirty data can still become clean.

export interface QuarantinedPerson {
  row: number;
  reasonZh: string;
  reasonEn: string;
}

/** The subjects (salted ID-number hashes, as the comparison cuts them) of the run's quarantined roster rows. */
export async function quarantinedPeople(trx: Kysely<Database>, tenantId: string, runId: string, salt: string): Promise<Map<string, QuarantinedPerson>> {
  const schema = sandboxSchema(runId);
  const exists = await sql<{ present: boolean }>`select to_regclass(${`${schema}.quarantine`}) is not null as present`.execute(trx);
  if (!exists.rows[0]?.present) return new Map();
  const run = await trx.selectFrom('migration_runs').select('mapping_version').where('tenant_id', '=', tenantId).where('id', '=', runId).executeTakeFirst();
  const saved = run?.mapping_version
    ? await trx.selectFrom('migration_mappings').select('mapping').where('tenant_id', '=', tenantId).where('version', '=', run.mapping_version).executeTakeFirst()
    : undefined;
  const mapping = (saved?.mapping as MigrationMapping | undefined)?.roster;
  const { rows } = await sql<{ source_row: number; raw: Record<string, string>; reason_zh: string | null; reason_en: string | null }>`
    select q.source_row, q.raw, f.reason_zh, f.reason_en
      from ${sql.table(`${schema}.quarantine`)} q
      left join lateral (select reason_zh, reason_en from ${sql.table(`${schema}.findings`)} f
                          where f.tenant_id = q.tenant_id and f.file = q.file and f.source_row = q.source_row and f.outcome = 'quarantined'
                          order by f.seq limit 1) f on true
     where q.tenant_id = ${tenantId} and q.file = 'roster'`.execute(trx);
  const people = new Map<string, QuarantinedPerson>();
  for (const r of rows) {
    const headers = Object.keys(r.raw);
    // The same mapping the load used (its saved version, or the one proposed from the headers).
    let idHeader: string | undefined;
    try {
      idHeader = headers[columnsFor('roster', mapping ?? proposeMapping('roster', headers), headers).idNumber ?? -1];
    } catch {
      // A row whose headers lack a required column: the load refused the file, so no such row exists.
      continue;
    }
    const idNumber = idHeader === undefined ? '' : (r.raw[idHeader] ?? '').trim();
    if (!idNumber) continue;
    people.set(subjectOf(salt, idNumber), { row: r.source_row, reasonZh: r.reason_zh ?? '未通过校验', reasonEn: r.reason_en ?? 'failed validation' });
  }
  return people;
}
