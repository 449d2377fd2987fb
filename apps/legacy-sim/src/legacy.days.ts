import { INSURANCE_NAMES_ZH } from '@lianxu/policy';
import { quoteFor, seededRandom, type LegacySeed } from './legacy.generator';
import type { LegacyStore } from './legacy.store';

// The old system keeps living during a dual run: each business day brings hires, leaves, wage
// changes and, on pay day, the month's contribution lines, decided by the seed and the date alone.
// Divergences are told to it in advance and applied on their day; both are kept in its database.

export const DIVERGENCE_KINDS = ['leave_only_in_old', 'wage_typed_differently', 'one_fen_rounding', 'month_paid_twice'] as const;
export type DivergenceKind = (typeof DIVERGENCE_KINDS)[number];
/** The day of the month the old system writes the month's contribution lines. */
export const PAY_DAY = 15;

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
const fen = (text: string) => Math.round(Number(text) * 100);
const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);

export interface DayResult {
  day: string;
  alreadyDone: boolean;
  changes: { kind: string; empNo: string }[];
}

export async function injectDivergence(store: LegacyStore, input: { day: string; kind: DivergenceKind; empNo?: string }): Promise<number> {
  const { rows } = await store.pool.query<{ seq: string }>('insert into divergences (day, kind, emp_no) values ($1, $2, $3) returning seq', [
    input.day,
    input.kind,
    input.empNo ?? null,
  ]);
  return Number(rows[0]!.seq);
}

/** Applies one business day; a day already applied is a no-op, so a retried call never doubles. */
export async function advanceDay(store: LegacyStore, day: string): Promise<DayResult> {
  const seed = await store.seedOptions();
  if (!seed) throw new Error('legacy-sim: not seeded yet');
  const client = await store.pool.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock(hashtext($1))', ['legacy-sim:days']);
    const done = await client.query(`select 1 from state where key = $1`, [`day:${day}`]);
    if (done.rowCount) {
      await client.query('rollback');
      return { day, alreadyDone: true, changes: [] };
    }
    const rand = seededRandom((seed.seed ^ dayNumber(day)) >>> 0);
    const changes: { kind: string; empNo: string; detail: object }[] = [];
    const { rows: active } = await client.query<{ emp_no: string; wage: string; city: string; hukou: string; id_number: string; name: string }>(
      `select emp_no, wage, city, hukou, id_number, name from employees where leave_date = '' and dirt is null order by emp_no`,
    );
    const pick = () => active[Math.floor(rand() * active.length)]!;
    if (active.length) {
      const leaver = pick();
      await client.query('update employees set leave_date = $2 where emp_no = $1', [leaver.emp_no, day]);
      changes.push({ kind: 'leave', empNo: leaver.emp_no, detail: { leaveDate: day } });
      const raised = pick();
      const wage = yuan(fen(raised.wage || '0') + 500_00);
      await client.query('update employees set wage = $2 where emp_no = $1', [raised.emp_no, wage]);
      changes.push({ kind: 'wage', empNo: raised.emp_no, detail: { wage } });
    }
    const { rows: n } = await client.query<{ n: string }>('select count(*) as n from employees');
    const empNo = `N${day.replace(/-/g, '')}${String(Number(n[0]!.n)).padStart(5, '0')}`;
    const template = active[0];
    if (template) {
      await client.query(
        `insert into employees (emp_no, name, id_number, hukou, city, hire_date, leave_date, wage, dirt) values ($1, $2, $3, $4, $5, $6, '', $7, null)`,
        [empNo, template.name, template.id_number.slice(0, 14) + String(Number(n[0]!.n) % 1000).padStart(3, '0') + 'X', template.hukou, template.city, day, template.wage],
      );
      changes.push({ kind: 'hire', empNo, detail: { hireDate: day } });
    }
    if (Number(day.slice(8, 10)) === PAY_DAY) await payMonth(client, seed, day.slice(0, 7));
    const { rows: due } = await client.query<{ seq: string; kind: DivergenceKind; emp_no: string | null }>(
      'select seq, kind, emp_no from divergences where day <= $1 and not applied order by seq',
      [day],
    );
    for (const d of due) {
      const target = d.emp_no ?? pick()?.emp_no;
      if (!target) continue;
      await applyDivergence(client, d.kind, target, day);
      await client.query('update divergences set applied = true, emp_no = $2 where seq = $1', [d.seq, target]);
      changes.push({ kind: `divergence:${d.kind}`, empNo: target, detail: {} });
    }
    for (const c of changes) await client.query('insert into changes (day, kind, emp_no, detail) values ($1, $2, $3, $4)', [day, c.kind, c.empNo, JSON.stringify(c.detail)]);
    await client.query(`insert into state (key, value) values ($1, 'true')`, [`day:${day}`]);
    await client.query('commit');
    return { day, alreadyDone: false, changes: changes.map(({ kind, empNo }) => ({ kind, empNo })) };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function payMonth(client: import('pg').PoolClient, _seed: LegacySeed, month: string): Promise<void> {
  const { rows } = await client.query<{ id_number: string; name: string; city: string; wage: string; hukou: string }>(
    `select id_number, name, city, wage, hukou from employees e where leave_date = '' and dirt is null and wage <> ''
       and not exists (select 1 from contributions c where c.id_number = e.id_number and c.month = $1) order by emp_no`,
    [month],
  );
  const cache = new Map();
  for (const e of rows) {
    const quote = quoteFor(cache, e.city, month, fen(e.wage), e.hukou === '本地' ? 'local' : 'non-local');
    for (const l of quote.lines) {
      await client.query(
        'insert into contributions (id_number, name, city, month, insurance, base, employer, employee, dirt) values ($1, $2, $3, $4, $5, $6, $7, $8, null)',
        [e.id_number, e.name, e.city, month, INSURANCE_NAMES_ZH[l.insurance], yuan(l.baseFen), yuan(l.employerFen), yuan(l.employeeFen)],
      );
    }
  }
}

async function applyDivergence(client: import('pg').PoolClient, kind: DivergenceKind, empNo: string, day: string): Promise<void> {
  const { rows } = await client.query<{ id_number: string; wage: string }>('select id_number, wage from employees where emp_no = $1', [empNo]);
  const e = rows[0];
  if (!e) throw new Error(`legacy-sim: no employee ${empNo}`);
  if (kind === 'leave_only_in_old') await client.query('update employees set leave_date = $2 where emp_no = $1', [empNo, day]);
  // Digits swapped while typing: 8500.00 becomes 5800.00.
  else if (kind === 'wage_typed_differently') await client.query('update employees set wage = $2 where emp_no = $1', [empNo, e.wage.replace(/^(\d)(\d)/, '$2$1')]);
  else if (kind === 'one_fen_rounding')
    await client.query(
      `update contributions set employee = to_char(employee::numeric + 0.01, 'FM9999999990.00')
        where seq = (select max(seq) from contributions where id_number = $1)`,
      [e.id_number],
    );
  else
    await client.query(
      `insert into contributions (id_number, name, city, month, insurance, base, employer, employee, dirt)
       select id_number, name, city, month, insurance, base, employer, employee, null from contributions
        where id_number = $1 and month = (select max(month) from contributions where id_number = $1)`,
      [e.id_number],
    );
}
