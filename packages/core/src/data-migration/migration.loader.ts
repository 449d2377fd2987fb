import { once } from 'node:events';
import { parse } from 'csv-parse';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { getDefaultPolicyLibrary, type PolicyLibrary } from '@lianxu/policy';
import { columnsFor, MIGRATION_FILE_NAMES, proposeMapping, type FileMapping, type MigrationFile } from './migration.mapping';
import { MigrationError, PACKAGE_HEADER_ROWS, type OpenedPackage } from './migration.package';
import { checkContributionRow, checkCoverageRow, checkRosterRow, type Finding, type RuleContext } from './migration.rules';

// Loads one file of a package into the run's sandbox in ONE transaction: its earlier rows are
// deleted first (a re-run never doubles a row), rows stream from the decrypting reader through the
// checks into COPY, and the transaction commits only after the file's tag, hash and row count held.
// A failure anywhere rolls back: nothing of the file is loaded.

export interface FileCounts {
  read: number;
  accepted: number;
  quarantined: number;
}

const TABLE: Record<MigrationFile, { table: string; columns: string }> = {
  roster: { table: 'employees', columns: 'tenant_id, source_row, emp_no, name, id_number, hukou, city_code, hire_date, leave_date, wage_fen' },
  coverage: { table: 'coverage', columns: 'tenant_id, source_row, id_number, city_code, insurance, month' },
  contributions: { table: 'contribution_lines', columns: 'tenant_id, source_row, id_number, city_code, month, insurance, base_fen, employer_fen, employee_fen' },
};

const esc = (v: string | number | null) => (v === null ? '\\N' : String(v).replace(/[\\\t\n\r]/g, (m) => (m === '\t' ? '\\t' : m === '\n' ? '\\n' : m === '\r' ? '\\r' : '\\\\')));
const line = (cells: (string | number | null)[]) => `${cells.map(esc).join('\t')}\n`;

export const sandboxSchema = (runId: string) => `mig_${runId.replace(/-/g, '')}`;

export interface LoadFileInput {
  pool: pg.Pool;
  tenantId: string;
  runId: string;
  file: MigrationFile;
  pkg: OpenedPackage;
  /** Saved mapping of this file; proposed from the headers when absent. */
  mapping?: FileMapping;
  library?: PolicyLibrary;
  today?: string;
  /** Called with the file's counts so far every PROGRESS_EVERY rows (heartbeat, live progress). */
  onProgress?: (counts: FileCounts) => void | Promise<void>;
}

const PROGRESS_EVERY = 2_000;

let staged = 0;
/**
 * COPY refuses a table under row-level security, so rows are copied into a temporary table (this
 * session's alone, dropped at commit) and moved into the sandbox with one INSERT ... SELECT, to
 * which the tenant policy's WITH CHECK applies.
 */
async function stagedCopy(client: pg.PoolClient, target: string, columns: string, open: Set<() => Promise<boolean>>) {
  const temp = `migration_stage_${(staged += 1)}`;
  await client.query(`create temp table ${temp} (like ${target}) on commit drop`);
  const stream = client.query(copyStreams.from(`copy ${temp} (${columns}) from stdin`));
  let settled = false;
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  }).finally(() => (settled = true));
  done.catch(() => undefined); // awaited in finish(); the loader also stops reading on it
  // While COPY is open the connection accepts nothing else: a ROLLBACK sent now would wait behind
  // it for ever. Aborting sends CopyFail and waits for the server's answer (true), or gives up
  // after a few seconds (false: the caller then drops the connection, which also rolls back).
  const abort = async () => {
    if (settled) return true;
    stream.destroy(new Error('migration load aborted'));
    const timer = new Promise<boolean>((resolve) => setTimeout(resolve, 5_000, false).unref());
    return Promise.race([done.then(() => true, () => true), timer]);
  };
  open.add(abort);
  return {
    stream,
    async finish() {
      stream.end();
      await done;
      open.delete(abort);
      await client.query(`insert into ${target} (${columns}) select ${columns} from ${temp}`);
    },
  };
}

async function write(stream: NodeJS.WritableStream, text: string) {
  if (!stream.write(text)) await once(stream, 'drain');
}

/**
 * Lines gathered into chunks of about 64 KB before they go to COPY: one CopyData message and one
 * socket write per chunk instead of per row (per-row writes were most of a load's time).
 */
function batched(stream: NodeJS.WritableStream) {
  let pending = '';
  return {
    async add(text: string) {
      pending += text;
      if (pending.length >= 65_536) {
        const chunk = pending;
        pending = '';
        await write(stream, chunk);
      }
    },
    async flush() {
      if (pending) await write(stream, pending);
      pending = '';
    },
  };
}

export async function loadFile(input: LoadFileInput): Promise<{ counts: FileCounts; report?: Record<string, unknown> }> {
  const name = input.pkg.manifest.files.find((f) => f.name.replace(/\.[a-z]+$/i, '') === MIGRATION_FILE_NAMES[input.file])?.name;
  if (!name)
    throw new MigrationError(422, 'package_manifest_mismatch', {
      'zh-CN': `迁移包清单中没有“${MIGRATION_FILE_NAMES[input.file]}”文件`,
      en: `The package manifest lists no "${MIGRATION_FILE_NAMES[input.file]}" file`,
    });
  const client = await input.pool.connect();
  const schema = sandboxSchema(input.runId);
  const t = input.tenantId;
  const open = new Set<() => Promise<boolean>>();
  let broken = false;
  try {
    await client.query('begin');
    await client.query(`select set_config('app.tenant_id', $1, true)`, [t]);
    await client.query('select migration_sandbox_create($1)', [input.runId]);
    const { table, columns } = TABLE[input.file];
    await client.query(`delete from ${schema}.${table}`);
    await client.query(`delete from ${schema}.quarantine where file = $1`, [input.file]);
    await client.query(`delete from ${schema}.findings where file = $1`, [input.file]);
    const ctx: RuleContext = { library: input.library ?? getDefaultPolicyLibrary(), today: input.today ?? new Date().toISOString().slice(0, 10), roster: new Map(), seen: new Map(), quotes: new Map() };
    if (input.file !== 'roster') {
      const { rows } = await client.query<{ id_number: string; city_code: string; wage_fen: string; hukou: 'local' | 'non-local' | null }>(
        `select id_number, city_code, wage_fen, hukou from ${schema}.employees`,
      );
      for (const r of rows) ctx.roster.set(r.id_number, { idNumber: r.id_number, cityCode: r.city_code, wageFen: Number(r.wage_fen), hukou: r.hukou });
    }
    const main = await stagedCopy(client, `${schema}.${table}`, columns, open);
    const copy = main.stream;
    const rows = batched(copy);
    const quarantine: { row: number; raw: string[] }[] = [];
    const findings: Finding[] = [];
    const counts: FileCounts = { read: 0, accepted: 0, quarantined: 0 };
    // Legacy totals per city and month, of every line read (reconciliation of the contributions file).
    const totals = new Map<string, { lines: number; employerFen: number; employeeFen: number; acceptedLines: number; acceptedEmployerFen: number; acceptedEmployeeFen: number }>();
    let headers: string[] | null = null;
    let cols: Record<string, number> = {};
    const source = input.pkg.openFile(name);
    const parser = parse({ relax_column_count: true, bom: true, skip_empty_lines: true });
    source.on('error', (e) => parser.destroy(e));
    copy.on('error', (e: Error) => parser.destroy(e));
    source.pipe(parser);
    let record = 0;
    for await (const rec of parser as AsyncIterable<string[]>) {
      record += 1;
      if (record < PACKAGE_HEADER_ROWS) continue; // the merged title row
      if (record === PACKAGE_HEADER_ROWS) {
        headers = rec.map((h) => h.trim());
        cols = columnsFor(input.file, input.mapping ?? proposeMapping(input.file, headers), headers);
        continue;
      }
      const row = record; // the row number a person sees in the file (1-based, title and header included)
      counts.read += 1;
      let quarantined = false;
      const add = (column: string | null, level: Finding['level'], outcome: Finding['outcome'], code: string, zh: string, en: string) => {
        if (outcome === 'quarantined') quarantined = true;
        findings.push({ file: input.file, row, column, level, outcome, code, zh, en });
      };
      let out: string | null = null;
      if (input.file === 'roster') {
        const r = checkRosterRow(rec, cols, headers!, row, ctx, add);
        if (r && !quarantined) out = line([t, row, r.empNo, r.name, r.idNumber, r.hukou, r.cityCode, r.hireDate, r.leaveDate, r.wageFen]);
      } else if (input.file === 'coverage') {
        const r = checkCoverageRow(rec, cols, headers!, row, ctx, add);
        if (r && !quarantined) out = line([t, row, r.idNumber, r.cityCode, r.insurance, r.month]);
      } else {
        const r = checkContributionRow(rec, cols, headers!, row, ctx, add);
        if (r && !quarantined) out = line([t, row, r.idNumber, r.cityCode, r.month, r.insurance, r.baseFen, r.employerFen, r.employeeFen]);
        const key = `${(rec[cols.city!] ?? '').trim()}|${(rec[cols.month!] ?? '').trim()}`;
        const sum = totals.get(key) ?? { lines: 0, employerFen: 0, employeeFen: 0, acceptedLines: 0, acceptedEmployerFen: 0, acceptedEmployeeFen: 0 };
        const fen = (f: string) => Math.round(Number(rec[cols[f]!]) * 100) || 0;
        sum.lines += 1;
        sum.employerFen += fen('employer');
        sum.employeeFen += fen('employee');
        if (r && !quarantined) {
          sum.acceptedLines += 1;
          sum.acceptedEmployerFen += r.employerFen;
          sum.acceptedEmployeeFen += r.employeeFen;
        }
        totals.set(key, sum);
      }
      if (out) {
        counts.accepted += 1;
        await rows.add(out);
      } else {
        if (!quarantined) add(null, 'quality', 'quarantined', 'rejected', '该行未通过校验', 'The row failed validation');
        counts.quarantined += 1;
        quarantine.push({ row, raw: rec });
      }
      if (input.onProgress && counts.read % PROGRESS_EVERY === 0) await input.onProgress({ ...counts });
    }
    await rows.flush();
    await main.finish();
    if (headers === null) throw new MigrationError(422, 'file_empty', { 'zh-CN': `“${name}”没有表头行`, en: `"${name}" has no header row` });
    const qs = await stagedCopy(client, `${schema}.quarantine`, 'tenant_id, file, source_row, raw', open);
    const q = batched(qs.stream);
    for (const r of quarantine) await q.add(line([t, input.file, r.row, JSON.stringify(Object.fromEntries(headers.map((h, i) => [h, r.raw[i] ?? ''])))]));
    await q.flush();
    await qs.finish();
    const fs = await stagedCopy(client, `${schema}.findings`, 'tenant_id, file, source_row, seq, column_name, level, outcome, code, reason_zh, reason_en', open);
    const f = batched(fs.stream);
    let previous = -1;
    let seq = 0;
    for (const x of findings) {
      seq = x.row === previous ? seq + 1 : 1;
      previous = x.row;
      await f.add(line([t, x.file, x.row, seq, x.column, x.level, x.outcome, x.code, x.zh, x.en]));
    }
    await f.flush();
    await fs.finish();
    const report = input.file === 'contributions' ? Object.fromEntries(totals) : undefined;
    await client.query(
      `update migration_runs set counts = counts || jsonb_build_object($3::text, $4::jsonb),
         loaded_files = array(select distinct unnest(loaded_files || array[$3::text])),
         report = case when $5::jsonb is null then report else $5::jsonb end, status = 'loading', load_progress = null, updated_at = now()
       where tenant_id = $1 and id = $2`,
      [t, input.runId, input.file, JSON.stringify(counts), report ? JSON.stringify(report) : null],
    );
    await client.query('commit');
    return { counts, report };
  } catch (error) {
    for (const abort of open) if (!(await abort())) broken = true;
    if (!broken) await client.query('rollback').catch(() => (broken = true));
    throw error;
  } finally {
    // A connection left mid-COPY is destroyed, not returned to the pool; the server rolls its transaction back.
    client.release(broken ? new Error('connection dropped after a failed COPY') : undefined);
  }
}

/** Coverage gaps in the history (断缴): a month missing between an employee's first and last covered month. */
export async function findCoverageGaps(pool: pg.Pool, tenantId: string, runId: string): Promise<number> {
  const schema = sandboxSchema(runId);
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    await client.query(`delete from ${schema}.findings where file = 'coverage' and code = 'coverage_gap'`);
    const { rowCount } = await client.query(
      `insert into ${schema}.findings (tenant_id, file, source_row, seq, column_name, level, outcome, code, reason_zh, reason_en)
       select $1, 'coverage', first_row, 1000, null, 'reconciliation', 'noted', 'coverage_gap',
              format('%s 至 %s 断缴（缺 %s 个月）', to_char(prev + interval '1 month', 'YYYY-MM'), to_char(m - interval '1 month', 'YYYY-MM'),
                     (extract(year from age(m, prev)) * 12 + extract(month from age(m, prev)) - 1)::int),
              format('Coverage gap from %s to %s (%s months)', to_char(prev + interval '1 month', 'YYYY-MM'), to_char(m - interval '1 month', 'YYYY-MM'),
                     (extract(year from age(m, prev)) * 12 + extract(month from age(m, prev)) - 1)::int)
         from (select id_number, m, first_row, lag(m) over (partition by id_number order by m) as prev
                 from (select id_number, to_date(month, 'YYYY-MM') as m, min(source_row) as first_row from ${schema}.coverage group by 1, 2) d) g
        where prev is not null and m > prev + interval '1 month'
       on conflict do nothing`,
      [tenantId],
    );
    await client.query('commit');
    return rowCount ?? 0;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
