import type pg from 'pg';
import { getDefaultPolicyLibrary, type PolicyLibrary } from '@lianxu/policy';
import { CsvQuoteError, csvBatches } from './migration.csv';
import { columnsFor, MIGRATION_FILE_NAMES, proposeMapping, type FileMapping, type MigrationFile } from './migration.mapping';
import { MigrationError, PACKAGE_HEADER_ROWS, type OpenedPackage } from './migration.package';
import { AsciiCopyText } from './migration.copy-text';
import { stagedTable, type CopyAbort, type StagedTable } from './migration.staging';
import type { CustomFieldDefinition } from '../custom-fields/index';
import { checkCustomValues, customTargets, type CustomTarget } from './migration.custom-values';
import { checkContributionRow, checkCoverageRow, checkRosterRow, detach, type Finding, type RuleContext } from './migration.rules';
import { cityEntitiesOn } from './migration.entities';

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
  roster: { table: 'employees', columns: 'source_row, emp_no, name, id_number, hukou, city_code, hire_date, leave_date, wage_fen, custom_fields' },
  coverage: { table: 'coverage', columns: 'source_row, id_number, city_code, insurance, month' },
  contributions: { table: 'contribution_lines', columns: 'source_row, id_number, city_code, month, insurance, base_fen, employer_fen, employee_fen' },
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
  /** The tenant's custom fields: roster columns mapped to `custom.<key>` are checked against them. */
  customFields?: readonly CustomFieldDefinition[];
  library?: PolicyLibrary;
  today?: string;
  /** Called with the file's counts so far every PROGRESS_EVERY rows (heartbeat, live progress). */
  onProgress?: (counts: FileCounts) => void | Promise<void>;
}

const PROGRESS_EVERY = 2_000;

/** The file's batches; a quote never closed is the file's fault, said with its row (nothing is loaded). */
async function* readable(batches: AsyncIterable<string[][]>, name: string): AsyncGenerator<string[][]> {
  try {
    yield* batches;
  } catch (error) {
    if (!(error instanceof CsvQuoteError)) throw error;
    throw new MigrationError(422, 'file_malformed', {
      'zh-CN': `“${name}”第 ${error.record} 行的引号没有闭合，其后的内容无法分行读取`,
      en: `"${name}" row ${error.record}: a quote is opened and never closed, so the rows after it cannot be read`,
    });
  }
}

/** Rows to a staged table in chunks of about 64 KB of COPY text (one write per chunk, not per row). */
async function writeAll(table: StagedTable, lines: readonly string[]) {
  let chunk = '';
  let rows = 0;
  for (const text of lines) {
    chunk += text;
    rows += 1;
    if (chunk.length >= 65_536) {
      await table.write(chunk, rows);
      chunk = '';
      rows = 0;
    }
  }
  if (rows > 0) await table.write(chunk, rows);
}

interface Sum {
  lines: number;
  employerFen: number;
  employeeFen: number;
  acceptedLines: number;
  acceptedEmployerFen: number;
  acceptedEmployeeFen: number;
}
/**
 * By city and month as written (two levels: no key is built per line), with the last line's city,
 * month and sum: lines come grouped by person and month, so the previous line's, compared as text,
 * is usually this one's.
 */
interface Totals {
  byCity: Map<string, Map<string, Sum>>;
  last: { city: string; month: string; sum: Sum } | null;
}

/** Legacy totals per city and month, of every line read and of the lines accepted (the run's reconciliation report). */
function tally(totals: Totals, rec: string[], cols: Record<string, number>, accepted: { employerFen: number; employeeFen: number } | null) {
  const city = rec[cols.city!] ?? '';
  const month = rec[cols.month!] ?? '';
  const last = totals.last;
  let sum = last !== null && last.city === city && last.month === month ? last.sum : undefined;
  if (!sum) {
    let months = totals.byCity.get(city);
    if (!months) totals.byCity.set(detach(city), (months = new Map()));
    sum = months.get(month);
    if (!sum) months.set(detach(month), (sum = { lines: 0, employerFen: 0, employeeFen: 0, acceptedLines: 0, acceptedEmployerFen: 0, acceptedEmployeeFen: 0 }));
    totals.last = { city: detach(city), month: detach(month), sum };
  }
  sum.lines += 1;
  sum.employerFen += Math.round(Number(rec[cols.employer!]) * 100) || 0;
  sum.employeeFen += Math.round(Number(rec[cols.employee!]) * 100) || 0;
  if (accepted) {
    sum.acceptedLines += 1;
    sum.acceptedEmployerFen += accepted.employerFen;
    sum.acceptedEmployeeFen += accepted.employeeFen;
  }
}

/** The report's rows, keyed "city|month" (trimmed as written); forms that trim alike are added up. */
function reportOf(totals: Totals): Record<string, Sum> {
  const report: Record<string, Sum> = {};
  for (const [city, months] of totals.byCity)
    for (const [month, sum] of months) {
      const key = `${city.trim()}|${month.trim()}`;
      const into = report[key];
      if (!into) report[key] = { ...sum };
      else for (const k of Object.keys(sum) as (keyof Sum)[]) into[k] += sum[k];
    }
  return report;
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
  const open = new Set<CopyAbort>();
  let broken = false;
  try {
    await client.query('begin');
    await client.query(`select set_config('app.tenant_id', $1, true)`, [t]);
    await client.query('select migration_sandbox_create($1)', [input.runId]);
    const { table, columns } = TABLE[input.file];
    await client.query(`delete from ${schema}.${table}`);
    await client.query(`delete from ${schema}.quarantine where file = $1`, [input.file]);
    await client.query(`delete from ${schema}.findings where file = $1`, [input.file]);
    const ctx: RuleContext = { library: input.library ?? getDefaultPolicyLibrary(), today: input.today ?? new Date().toISOString().slice(0, 10), roster: new Map(), seen: new Map() };
    if (input.file === 'roster') ctx.entities = await cityEntitiesOn(client, t);
    else {
      const { rows } = await client.query<{ id_number: string; city_code: string; wage_fen: string; hukou: 'local' | 'non-local' | null }>(
        `select id_number, city_code, wage_fen, hukou from ${schema}.employees`,
      );
      for (const r of rows) ctx.roster.set(r.id_number, { idNumber: r.id_number, cityCode: r.city_code, wageFen: Number(r.wage_fen), hukou: r.hukou });
    }
    const main = await stagedTable(client, `${schema}.${table}`, columns, t, open);
    // Quarantined rows and findings are kept as their COPY lines (flat strings of their own): a cell
    // kept as parsed is a slice of the whole decoded chunk and kept every chunk of the file alive.
    const quarantine: string[] = [];
    const findings: string[] = [];
    const counts: FileCounts = { read: 0, accepted: 0, quarantined: 0 };
    const totals: Totals = { byCity: new Map(), last: null };
    let headers: string[] | null = null;
    let cols: Record<string, number> = {};
    let custom: CustomTarget[] = [];
    const source = input.pkg.openFile(name);
    let record = 0;
    // Roster rows carry names (escaped text); coverage rows and contribution lines are checked ASCII values.
    let pending = '';
    let pendingRows = 0;
    const ascii = new AsciiCopyText();
    // One finding sink for the whole file (a closure per row was a measurable part of a million-line load).
    const current = { row: 0, quarantined: false, seq: 0 };
    const add = (column: string | null, level: Finding['level'], outcome: Finding['outcome'], code: string, zh: string, en: string) => {
      if (outcome === 'quarantined') current.quarantined = true;
      current.seq += 1;
      findings.push(line([input.file, current.row, current.seq, column, level, outcome, code, zh, en]));
    };
    let progressAt = PROGRESS_EVERY;
    // Rows of a batch are checked synchronously; the batch's COPY text goes out in one write.
    for await (const batch of readable(csvBatches(source), name)) {
      for (const rec of batch) {
        record += 1;
        if (record < PACKAGE_HEADER_ROWS) continue; // the merged title row
        if (record === PACKAGE_HEADER_ROWS) {
          headers = rec.map((h) => h.trim());
          cols = columnsFor(input.file, input.mapping ?? proposeMapping(input.file, headers), headers);
          if (input.file === 'roster') custom = customTargets(cols, headers, input.customFields ?? []);
          continue;
        }
        const row = record; // the row number a person sees in the file (1-based, title and header included)
        counts.read += 1;
        current.row = row;
        current.quarantined = false;
        current.seq = 0;
        let accepted = false;
        if (input.file === 'roster') {
          const r = checkRosterRow(rec, cols, headers!, row, ctx, add);
          const values = custom.length ? checkCustomValues(rec, custom, add) : {};
          if (r && values && !current.quarantined) {
            pending += line([row, r.empNo, r.name, r.idNumber, r.hukou, r.cityCode, r.hireDate, r.leaveDate, r.wageFen, JSON.stringify(values)]);
            pendingRows += 1;
            accepted = true;
          }
        } else if (input.file === 'coverage') {
          const r = checkCoverageRow(rec, cols, headers!, row, ctx, add);
          if (r && !current.quarantined) {
            ascii.int(row).ascii(r.idNumber).ascii(r.cityCode).ascii(r.insurance).ascii(r.month, true).rows += 1;
            accepted = true;
          }
        } else {
          const r = checkContributionRow(rec, cols, headers!, row, ctx, add);
          if (r && !current.quarantined) {
            ascii.int(row).ascii(r.idNumber).ascii(r.cityCode).ascii(r.month).ascii(r.insurance).int(r.baseFen).int(r.employerFen).int(r.employeeFen, true).rows += 1;
            accepted = true;
          }
          tally(totals, rec, cols, accepted ? r : null);
        }
        if (accepted) counts.accepted += 1;
        else {
          if (!current.quarantined) add(null, 'quality', 'quarantined', 'rejected', '该行未通过校验', 'The row failed validation');
          counts.quarantined += 1;
          quarantine.push(line([input.file, row, JSON.stringify(Object.fromEntries(headers!.map((h, i) => [h, rec[i] ?? ''])))]));
        }
      }
      if (pendingRows > 0) {
        const chunk = pending;
        const n = pendingRows;
        pending = '';
        pendingRows = 0;
        await main.write(chunk, n);
      }
      if (ascii.rows > 0) {
        const n = ascii.rows;
        await main.write(ascii.take(), n);
      }
      if (input.onProgress && counts.read >= progressAt) {
        progressAt = counts.read + PROGRESS_EVERY;
        await input.onProgress({ ...counts });
      }
    }
    await main.finish();
    if (headers === null) throw new MigrationError(422, 'file_empty', { 'zh-CN': `“${name}”没有表头行`, en: `"${name}" has no header row` });
    const q = await stagedTable(client, `${schema}.quarantine`, 'file, source_row, raw', t, open);
    await writeAll(q, quarantine);
    await q.finish();
    const f = await stagedTable(client, `${schema}.findings`, 'file, source_row, seq, column_name, level, outcome, code, reason_zh, reason_en', t, open);
    await writeAll(f, findings);
    await f.finish();
    const report = input.file === 'contributions' ? reportOf(totals) : undefined;
    await client.query(
      `update migration_runs set counts = counts || jsonb_build_object($3::text, $4::jsonb),
         loaded_files = array(select distinct unnest(loaded_files || array[$3::text])),
         report = case when $5::jsonb is null then report else $5::jsonb end, status = 'loading', load_progress = null, updated_at = now(),
         headers = headers || jsonb_build_object($3::text, $6::jsonb)
       where tenant_id = $1 and id = $2`,
      [t, input.runId, input.file, JSON.stringify(counts), report ? JSON.stringify(report) : null, JSON.stringify(headers)],
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
