import { sql, type Kysely } from 'kysely';
import type { Database, HeldBackFilingKind } from '@lianxu/db';

// What a dual run in shadow mode held back (issue #16, item 5): the filings Lianxu computed and left
// to the old system are recorded by coverage (coverage/filing-tasks.ts, `holdBackInShadow`, and the
// base adjustment's filing step); this counts them for the run's report.

export interface HeldBackCount {
  kind: HeldBackFilingKind;
  count: number;
}

/** How many filings a dual run held back, per kind (for its report). */
export async function heldBackCounts(trx: Kysely<Database>, tenantId: string, runId: string): Promise<HeldBackCount[]> {
  const rows = await trx.selectFrom('held_back_filings').select(['kind', sql<number>`count(*)::int`.as('count')])
    .where('tenant_id', '=', tenantId).where('run_id', '=', runId).groupBy('kind').orderBy('kind').execute();
  return rows.map((r) => ({ kind: r.kind, count: Number(r.count) }));
}
