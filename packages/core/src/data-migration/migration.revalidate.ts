import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { getDefaultPolicyLibrary, type Insurance, type PolicyLibrary } from '@lianxu/policy';
import { activeCustomFields } from '../custom-fields/index';
import { checkCustomValues, customTargets } from './migration.custom-values';
import { sandboxSchema } from './migration.loader';
import { columnsFor, MIGRATION_FILE_NAMES, MIGRATION_FILES, proposeMapping, type FileMapping, type MigrationFile } from './migration.mapping';
import { MigrationError } from './migration.package';
import { checkContributionRow, checkCoverageRow, checkRosterRow, rememberLine, type Finding, type RuleContext } from './migration.rules';
import { migrationRunNotFound } from './migration.views';
import { cityEntities } from './migration.entities';

// Re-validation of a loaded run's quarantined rows: corrections (file, row, column, value) are
// written into the rows' raw values first, then every quarantined row of each file (roster first,
// so a person accepted now lets their lines through) is checked again with the tenant's latest
// mapping, against the rows accepted already (duplicates, the accepted roster). A row that passes
// moves from the quarantine into the sandbox table, its findings replaced; one that does not keeps
// its place with its new reasons. All in one transaction under the run's row lock: a re-run finds
// the accepted rows gone from the quarantine, so nothing is ever doubled, and per file
// read = accepted + quarantined still holds.

export interface Correction {
  file: MigrationFile;
  row: number;
  column: string;
  value: string;
}

export interface RevalidationOutcome {
  /** Corrections written into quarantined rows; those naming a row no longer quarantined are skipped. */
  corrected: number;
  skipped: number;
  /** Rows accepted by this re-validation, per file, and the rows still quarantined. */
  accepted: Record<string, number>;
  quarantined: number;
  mappingVersion: number | null;
}

export interface RevalidateDeps {
  db: Kysely<Database>;
  library?: PolicyLibrary;
  today?: string;
}

type Trx = Kysely<Database>;

const COLUMNS: Record<MigrationFile, { table: string; columns: string; types: string }> = {
  roster: {
    table: 'employees', columns: 'source_row, emp_no, name, id_number, hukou, city_code, hire_date, leave_date, wage_fen, custom_fields',
    types: 'source_row int, emp_no text, name text, id_number text, hukou text, city_code text, hire_date date, leave_date date, wage_fen bigint, custom_fields jsonb',
  },
  coverage: { table: 'coverage', columns: 'source_row, id_number, city_code, insurance, month', types: 'source_row int, id_number text, city_code text, insurance text, month text' },
  contributions: {
    table: 'contribution_lines', columns: 'source_row, id_number, city_code, month, insurance, base_fen, employer_fen, employee_fen',
    types: 'source_row int, id_number text, city_code text, month text, insurance text, base_fen bigint, employer_fen bigint, employee_fen bigint',
  },
};

/** Writes the corrections into the quarantined rows' raw values; a column the row does not have is a 422 naming it. */
async function applyCorrections(trx: Trx, schema: string, corrections: readonly Correction[]): Promise<{ corrected: number; skipped: number }> {
  if (!corrections.length) return { corrected: 0, skipped: 0 };
  const q = sql.table(`${schema}.quarantine`);
  const { rows } = await sql<{ file: string; source_row: number; raw: Record<string, string> }>`select file, source_row, raw from ${q}
    where (file, source_row) in (select * from unnest(${corrections.map((c) => c.file)}::text[], ${corrections.map((c) => c.row)}::int[]))`.execute(trx);
  const raws = new Map(rows.map((r) => [`${r.file}:${r.source_row}`, r.raw]));
  const problems: Record<string, { 'zh-CN': string; en: string }> = {};
  let skipped = 0;
  corrections.forEach((c, i) => {
    const raw = raws.get(`${c.file}:${c.row}`);
    if (!raw) skipped += 1;
    else if (!(c.column in raw))
      problems[`corrections[${i}].column`] = { 'zh-CN': `${MIGRATION_FILE_NAMES[c.file]}没有“${c.column}”这一列`, en: `${MIGRATION_FILE_NAMES[c.file]} has no column "${c.column}"` };
    else raw[c.column] = c.value;
  });
  if (Object.keys(problems).length)
    throw new MigrationError(422, 'corrections_invalid', { 'zh-CN': '更正文件有误，请检查标出的行', en: 'The corrections file is invalid; see the rows named' }, problems);
  const changed = rows.filter((r) => corrections.some((c) => c.file === r.file && c.row === r.source_row));
  if (changed.length)
    await sql`update ${q} qr set raw = x.raw from jsonb_to_recordset(${JSON.stringify(changed)}::jsonb) as x(file text, source_row int, raw jsonb)
      where qr.file = x.file and qr.source_row = x.source_row`.execute(trx);
  return { corrected: corrections.length - skipped, skipped };
}

interface Checked {
  row: number;
  accepted: Record<string, unknown> | null;
  findings: Omit<Finding, 'file' | 'row'>[];
  raw: Record<string, string>;
}

/** Checks one file's quarantined rows again against what the sandbox accepted. */
async function recheckFile(trx: Trx, deps: RevalidateDeps, tenantId: string, schema: string, file: MigrationFile, headers: string[], mapping: FileMapping | undefined): Promise<Checked[]> {
  const t = (name: string) => sql.table(`${schema}.${name}`);
  const { rows } = await sql<{ source_row: number; raw: Record<string, string> }>`select source_row, raw from ${t('quarantine')} where file = ${file} order by source_row`.execute(trx);
  if (!rows.length) return [];
  const hs = headers.length ? headers : Object.keys(rows[0]!.raw);
  const cols = columnsFor(file, mapping ?? proposeMapping(file, hs), hs);
  const ctx: RuleContext = { library: deps.library ?? getDefaultPolicyLibrary(), today: deps.today ?? new Date().toISOString().slice(0, 10), roster: new Map(), seen: new Map() };
  const custom = file === 'roster' ? customTargets(cols, hs, await activeCustomFields(trx, tenantId)) : [];
  if (file === 'roster') {
    const accepted = await sql<{ id_number: string; source_row: number }>`select id_number, source_row from ${t('employees')}`.execute(trx);
    for (const e of accepted.rows) ctx.seen.set(e.id_number, e.source_row);
    ctx.entities = await cityEntities(trx, tenantId);
  } else {
    const roster = await sql<{ id_number: string; city_code: string; wage_fen: string; hukou: 'local' | 'non-local' | null }>`select id_number, city_code, wage_fen, hukou from ${t('employees')}`.execute(trx);
    for (const r of roster.rows) ctx.roster.set(r.id_number, { idNumber: r.id_number, cityCode: r.city_code, wageFen: Number(r.wage_fen), hukou: r.hukou });
    const seen = await sql<{ id_number: string; city_code: string; insurance: Insurance; month: string; source_row: number }>`select id_number, city_code, insurance, month, source_row
      from ${t(COLUMNS[file].table)} order by source_row`.execute(trx);
    for (const l of seen.rows) rememberLine(ctx, { idNumber: l.id_number, cityCode: l.city_code, insurance: l.insurance, month: l.month }, l.source_row);
  }
  const out: Checked[] = [];
  for (const r of rows) {
    const rec = hs.map((h) => r.raw[h] ?? '');
    const findings: Checked['findings'] = [];
    let quarantined = false;
    const add = (column: string | null, level: Finding['level'], outcome: Finding['outcome'], code: string, zh: string, en: string) => {
      if (outcome === 'quarantined') quarantined = true;
      findings.push({ column, level, outcome, code, zh, en });
    };
    let accepted: Record<string, unknown> | null = null;
    if (file === 'roster') {
      const e = checkRosterRow(rec, cols, hs, r.source_row, ctx, add);
      const values = custom.length ? checkCustomValues(rec, custom, add) : {};
      if (e && values && !quarantined)
        accepted = { source_row: r.source_row, emp_no: e.empNo, name: e.name, id_number: e.idNumber, hukou: e.hukou, city_code: e.cityCode, hire_date: e.hireDate, leave_date: e.leaveDate, wage_fen: e.wageFen, custom_fields: values };
    } else if (file === 'coverage') {
      const c = checkCoverageRow(rec, cols, hs, r.source_row, ctx, add);
      if (c && !quarantined) accepted = { source_row: r.source_row, id_number: c.idNumber, city_code: c.cityCode, insurance: c.insurance, month: c.month };
    } else {
      const c = checkContributionRow(rec, cols, hs, r.source_row, ctx, add);
      if (c && !quarantined)
        accepted = { source_row: r.source_row, id_number: c.idNumber, city_code: c.cityCode, month: c.month, insurance: c.insurance, base_fen: c.baseFen, employer_fen: c.employerFen, employee_fen: c.employeeFen };
    }
    if (!accepted && !quarantined) add(null, 'quality', 'quarantined', 'rejected', '该行未通过校验', 'The row failed validation');
    out.push({ row: r.source_row, accepted, findings, raw: r.raw });
  }
  return out;
}

/** Legacy totals of the accepted lines, per city and month as written (the run's reconciliation report). */
function addToReport(report: Record<string, Record<string, number>> | null, checked: Checked[], hs: string[], mapping: FileMapping | undefined) {
  if (!report) return report;
  const m = mapping ?? proposeMapping('contributions', hs);
  for (const c of checked) {
    if (!c.accepted) continue;
    const key = `${(c.raw[m.city ?? ''] ?? '').trim()}|${(c.raw[m.month ?? ''] ?? '').trim()}`;
    const sum = report[key];
    if (!sum) continue;
    sum.acceptedLines = (sum.acceptedLines ?? 0) + 1;
    sum.acceptedEmployerFen = (sum.acceptedEmployerFen ?? 0) + Number(c.accepted.employer_fen);
    sum.acceptedEmployeeFen = (sum.acceptedEmployeeFen ?? 0) + Number(c.accepted.employee_fen);
  }
  return report;
}

/** Applies corrections and re-validates the run's quarantined rows (see above). */
export async function revalidateRun(deps: RevalidateDeps, tenantId: string, runId: string, corrections: readonly Correction[] = []): Promise<RevalidationOutcome> {
  return withTenant(deps.db, tenantId, async (trx) => {
    const run = await trx.selectFrom('migration_runs').select(['status', 'headers', 'counts', 'report']).where('tenant_id', '=', tenantId).where('id', '=', runId).forUpdate().executeTakeFirst();
    if (!run) throw migrationRunNotFound();
    if (run.status !== 'validated')
      throw new MigrationError(409, 'migration_not_validated', { 'zh-CN': '只有已校验、尚未转入的迁移批次可以重新校验', en: 'Only a validated run not yet promoted can be re-validated' });
    const latest = await trx.selectFrom('migration_mappings').select(['version', 'mapping']).where('tenant_id', '=', tenantId).orderBy('version', 'desc').limit(1).executeTakeFirst();
    const mapping = latest?.mapping as Partial<Record<MigrationFile, FileMapping>> | undefined;
    const schema = sandboxSchema(runId);
    const { corrected, skipped } = await applyCorrections(trx, schema, corrections);
    const counts = { ...run.counts };
    const accepted: Record<string, number> = {};
    let quarantined = 0;
    let report = run.report as Record<string, Record<string, number>> | null;
    for (const file of MIGRATION_FILES) {
      const hs = run.headers[file] ?? [];
      const checked = await recheckFile(trx, deps, tenantId, schema, file, hs, mapping?.[file]);
      const passed = checked.filter((c) => c.accepted);
      const { table, columns, types } = COLUMNS[file];
      if (passed.length)
        await sql`insert into ${sql.table(`${schema}.${table}`)} (tenant_id, ${sql.raw(columns)})
          select ${tenantId}::uuid, ${sql.raw(columns)} from jsonb_to_recordset(${JSON.stringify(passed.map((c) => c.accepted))}::jsonb) as x(${sql.raw(types)})`.execute(trx);
      const rows = checked.map((c) => c.row);
      await sql`delete from ${sql.table(`${schema}.quarantine`)} where file = ${file} and source_row = any(${passed.map((c) => c.row)}::int[])`.execute(trx);
      await sql`delete from ${sql.table(`${schema}.findings`)} where file = ${file} and source_row = any(${rows}::int[]) and code <> 'coverage_gap'`.execute(trx);
      const findings = checked.flatMap((c) => c.findings.map((f, i) => ({ source_row: c.row, seq: i + 1, column_name: f.column, level: f.level, outcome: f.outcome, code: f.code, reason_zh: f.zh, reason_en: f.en })));
      if (findings.length)
        await sql`insert into ${sql.table(`${schema}.findings`)} (tenant_id, file, source_row, seq, column_name, level, outcome, code, reason_zh, reason_en)
          select ${tenantId}::uuid, ${file}, source_row, seq, column_name, level, outcome, code, reason_zh, reason_en
            from jsonb_to_recordset(${JSON.stringify(findings)}::jsonb) as x(source_row int, seq int, column_name text, level text, outcome text, code text, reason_zh text, reason_en text)`.execute(trx);
      const c = counts[file];
      if (c && passed.length) counts[file] = { read: c.read, accepted: c.accepted + passed.length, quarantined: c.quarantined - passed.length };
      accepted[file] = passed.length;
      quarantined += checked.length - passed.length;
      if (file === 'contributions') report = addToReport(report, checked, hs, mapping?.contributions);
    }
    await trx.updateTable('migration_runs')
      .set({ counts: JSON.stringify(counts), report: report ? JSON.stringify(report) : null, mapping_version: latest?.version ?? null, updated_at: sql<string>`now()` as never })
      .where('tenant_id', '=', tenantId).where('id', '=', runId).execute();
    return { corrected, skipped, accepted, quarantined, mappingVersion: latest?.version ?? null };
  });
}
