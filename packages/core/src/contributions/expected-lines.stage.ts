import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '@lianxu/db';
import { getDefaultPolicyLibrary, PolicyInputError, type ContributionQuote, type PolicyLibrary } from '@lianxu/policy';
import { coveredEmployeesQuery, quoteCoveredWage, unpricedEntry, type ExpectedLinesQuery, type UnpricedEmployee } from './expected-lines';

// The expected lines of a month staged in PostgreSQL for a set-based match, without bringing one
// row per employee to Node: the covered employees are staged as they are found, only their
// distinct (wage, hukou) pairs come back to be priced (the calculator once per pair, as
// priceExpectedLines does), and the lines are the join of the staged employees with the priced
// pairs' lines, read where they are used (never written out line by line). Same lines, same
// unpriced employees (in employee order) as priceExpectedLines(loadCoveredEmployees(...)).

export interface StagedExpectedLines {
  /** Covered employees in the month. */
  headcount: number;
  /** Lines staged in the temporary table. */
  lines: number;
  unpriced: UnpricedEmployee[];
  /** The lines as a relation to select from: (employee_id, insurance, base_fen, employer_fen, employee_fen). */
  relation: RawBuilder<unknown>;
}

/**
 * Stages the expected lines of the month in two temporary tables named after `table` (dropped at
 * commit): `<table>_covered` (employee_id, hukou, wage_fen) and `<table>_priced` (the lines of each
 * priced wage and hukou); `relation` joins them. Runs inside the caller's transaction.
 *
 * @example
 * const staged = await stageExpectedLines(trx, { tenantId, entityId, cityCode: '110100', month: '2024-09' }, library, 'close_expected');
 * await sql`select count(*) from ${staged.relation} as e`.execute(trx); // staged.lines
 */
export async function stageExpectedLines(
  trx: Kysely<Database>,
  q: ExpectedLinesQuery,
  library: PolicyLibrary = getDefaultPolicyLibrary(),
  table = 'expected_lines',
): Promise<StagedExpectedLines> {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`unsafe table name: ${table}`);
  const covered = sql.table(`${table}_covered`);
  const priced = sql.table(`${table}_priced`);
  await sql`create temporary table ${covered} (employee_id uuid not null, hukou text not null, wage_fen bigint) on commit drop`.execute(trx);
  await sql`insert into ${covered} ${coveredEmployeesQuery(q)}`.execute(trx);
  const pairs = await sql<{ wage_fen: string | null; hukou: 'local' | 'non-local'; n: string }>`select wage_fen, hukou, count(*) as n from ${covered} group by wage_fen, hukou`.execute(trx);

  const quotes = new Map<string, ContributionQuote | PolicyInputError | null>();
  const cols = { wage: [] as number[], hukou: [] as string[], ins: [] as string[], base: [] as number[], er: [] as number[], ee: [] as number[] };
  let headcount = 0;
  let lines = 0;
  let unpricedCount = 0;
  for (const p of pairs.rows) {
    const n = Number(p.n);
    headcount += n;
    const quote = p.wage_fen === null ? null : quoteCoveredWage(q, Number(p.wage_fen), p.hukou, library);
    quotes.set(`${p.wage_fen}|${p.hukou}`, quote);
    if (quote !== null && !(quote instanceof PolicyInputError)) {
      lines += n * quote.lines.length;
      for (const l of quote.lines) {
        cols.wage.push(Number(p.wage_fen)); cols.hukou.push(p.hukou); cols.ins.push(l.insurance);
        cols.base.push(l.baseFen); cols.er.push(l.employerFen); cols.ee.push(l.employeeFen);
      }
    }
    if (quote === null || quote instanceof PolicyInputError || !quote.complete) unpricedCount += n;
  }
  await sql`create temporary table ${priced} (wage_fen bigint not null, hukou text not null, insurance text not null, base_fen bigint not null, employer_fen bigint not null, employee_fen bigint not null) on commit drop`.execute(trx);
  await sql`insert into ${priced}
    select * from unnest(${cols.wage}::bigint[], ${cols.hukou}::text[], ${cols.ins}::text[], ${cols.base}::bigint[], ${cols.er}::bigint[], ${cols.ee}::bigint[])
      as u(wage_fen, hukou, insurance, base_fen, employer_fen, employee_fen)`.execute(trx);
  await sql`analyze ${covered}`.execute(trx);
  const relation = sql`(select c.employee_id, p.insurance, p.base_fen, p.employer_fen, p.employee_fen from ${covered} c join ${priced} p on p.wage_fen = c.wage_fen and p.hukou = c.hukou)`;

  // The employees not (fully) priced, in employee order (rare: a month without a wage or figures).
  const unpriced: UnpricedEmployee[] = [];
  if (unpricedCount > 0) {
    const rows = await sql<{ employee_id: string; wage_fen: string | null; hukou: string }>`select employee_id, wage_fen, hukou from ${covered} order by employee_id`.execute(trx);
    for (const r of rows.rows) {
      const why = unpricedEntry(r.employee_id, q.month, quotes.get(`${r.wage_fen}|${r.hukou}`) ?? null);
      if (why) unpriced.push(why);
    }
  }
  return { headcount, lines, unpriced, relation };
}
