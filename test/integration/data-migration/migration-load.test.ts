import { createWriteStream } from 'node:fs';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import {
  createMigrationRun,
  findCoverageGaps,
  getMigrationRun,
  loadFile,
  MIGRATION_FILES,
  openMigrationPackage,
  packMigration,
  sandboxSchema,
  signManifest,
  type WrappedRunKey,
} from '@lianxu/core';
import { withTenant } from '@lianxu/db';
import { appDb, provisionLifecycleTenant, startLegacySim } from '@lianxu/testing';
import { registerLegacyCities } from './loaded-run.fixture';
import { CONTRIBUTION_HEADERS, exportWorkbook, LEGACY_FILES, ROSTER_HEADERS, type LegacyFile } from '@lianxu/legacy-sim';

const SEED = { seed: 2026, size: 2000, months: 24, dirtyRate: 0.05 };
// What each kind of dirt must become: quarantined with a reason, or normalized and noted.
const EXPECTED: Record<string, { file: LegacyFile; code: string; outcome: 'quarantined' | 'normalized' }> = {
  old_id_15: { file: 'roster', code: 'id_old_15', outcome: 'quarantined' },
  lowercase_x: { file: 'roster', code: 'id_lowercase_x', outcome: 'normalized' },
  full_width_digits: { file: 'roster', code: 'id_full_width', outcome: 'normalized' },
  wrong_check_digit: { file: 'roster', code: 'id_check_digit', outcome: 'quarantined' },
  unknown_city: { file: 'roster', code: 'city_unknown', outcome: 'quarantined' },
  date_slash: { file: 'roster', code: 'date_slash', outcome: 'normalized' },
  date_compact: { file: 'roster', code: 'date_compact', outcome: 'normalized' },
  date_excel_serial: { file: 'roster', code: 'date_excel_serial', outcome: 'normalized' },
  missing_wage: { file: 'roster', code: 'wage_missing', outcome: 'quarantined' },
  base_below_floor: { file: 'contributions', code: 'base_below_floor', outcome: 'quarantined' },
  base_above_cap: { file: 'contributions', code: 'base_above_cap', outcome: 'quarantined' },
};

describe('data migration: package, sandbox and validation', () => {
  const db = appDb();
  const pool = new pg.Pool({ connectionString: inject('appUrl'), max: 3 });
  let legacy: Awaited<ReturnType<typeof startLegacySim>>;
  let dir: string;
  let tenantA: string;
  let tenantB: string;
  const transferKey = Buffer.alloc(32, 7);
  let wrappedKey: WrappedRunKey;
  let pkgFile: string;

  beforeAll(async () => {
    legacy = await startLegacySim({ seed: SEED });
    dir = await mkdtemp(path.join(os.tmpdir(), 'lianxu-migration-'));
    tenantA = (await provisionLifecycleTenant(db, 'mig-a', { seed: 1 })).tenant.id;
    tenantB = (await provisionLifecycleTenant(db, 'mig-b', { seed: 2 })).tenant.id;
    await registerLegacyCities(db, tenantA);
    const files: string[] = [];
    for (const file of Object.keys(LEGACY_FILES) as LegacyFile[]) {
      const target = path.join(dir, `${LEGACY_FILES[file]}.csv`);
      await legacy.store.exportCsv(file, createWriteStream(target));
      files.push(target);
    }
    pkgFile = path.join(dir, 'export.lxpkg');
    await packMigration({ files, out: pkgFile, keyOut: `${pkgFile}.key`, tenantId: tenantA, transferKey });
    wrappedKey = JSON.parse(await readFile(`${pkgFile}.key`, 'utf8'));
  });
  afterAll(async () => {
    await legacy?.close();
    await pool.end();
    await db.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const sandboxRows = (tenant: string, runId: string, table: string) =>
    withTenant(db, tenant, async (trx) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(`${sandboxSchema(runId)}.${table}`)}`.execute(trx)).rows[0]!.n));

  it('accounts for every row of 2,000 employees × 24 months with 5% dirt, each kind with its reason', async () => {
    const pkg = await openMigrationPackage({ file: pkgFile, wrappedKey, transferKey, tenantId: tenantA });
    const runId = await createMigrationRun(db, tenantA);
    for (const file of MIGRATION_FILES) await loadFile({ pool, tenantId: tenantA, runId, file, pkg, today: '2026-12-01' });
    await findCoverageGaps(pool, tenantA, runId);
    const run = await getMigrationRun(db, tenantA, runId);
    const legacyCounts = await legacy.store.counts();
    for (const file of MIGRATION_FILES) {
      const c = run!.counts[file]!;
      expect(c.read, file).toBe(legacyCounts.rows[file]);
      expect(c.accepted + c.quarantined, file).toBe(c.read);
    }
    expect(run!.counts.contributions!.quarantined).toBeGreaterThan(0);
    const findings = await withTenant(db, tenantA, async (trx) =>
      (await sql<{ file: string; source_row: number; code: string; outcome: string; reason_zh: string; reason_en: string; column_name: string | null }>`
        select file, source_row, code, outcome, reason_zh, reason_en, column_name from ${sql.table(`${sandboxSchema(runId)}.findings`)}`.execute(trx)).rows);
    const byRow = new Map<string, typeof findings>();
    for (const f of findings) byRow.set(`${f.file}:${f.source_row}`, [...(byRow.get(`${f.file}:${f.source_row}`) ?? []), f]);
    const roster = (await legacy.store.pool.query<{ emp_no: string; dirt: string | null }>('select emp_no, dirt from employees order by emp_no')).rows;
    const lines = (await legacy.store.pool.query<{ dirt: string | null }>('select dirt from contributions order by seq')).rows;
    const seen = new Set<string>();
    const check = (file: LegacyFile, index: number, dirt: string) => {
      const expected = EXPECTED[dirt]!;
      const found = byRow.get(`${file}:${index + 3}`) ?? [];
      // An insurance without a cap (work injury in some cities) shows a too-high base as a recomputation mismatch.
      const codes = dirt === 'base_above_cap' ? [expected.code, 'amount_mismatch'] : [expected.code];
      const hit = found.find((f) => codes.includes(f.code));
      expect(hit, `${dirt} at ${file} row ${index + 3}: ${JSON.stringify(found)}`).toBeDefined();
      expect(hit!.outcome).toBe(expected.outcome);
      expect(hit!.reason_zh.length).toBeGreaterThan(2);
      expect(hit!.reason_en.length).toBeGreaterThan(2);
      seen.add(dirt);
    };
    roster.forEach((r, i) => {
      if (r.dirt && r.dirt !== 'duplicate_employee') check('roster', i, r.dirt);
      if (r.dirt === 'duplicate_employee' && Number(r.emp_no.slice(1)) > SEED.size) {
        expect((byRow.get(`roster:${i + 3}`) ?? []).map((f) => f.code)).toContain('duplicate_employee');
        seen.add('duplicate_employee');
      }
    });
    let previousDuplicate = false;
    lines.forEach((l, i) => {
      if (l.dirt === 'duplicate_line') {
        // The old system wrote the line twice: the second copy is the one quarantined.
        if (previousDuplicate) {
          expect((byRow.get(`contributions:${i + 3}`) ?? []).map((f) => f.code)).toContain('duplicate_line');
          seen.add('duplicate_line');
        }
        previousDuplicate = !previousDuplicate;
      } else if (l.dirt) check('contributions', i, l.dirt);
    });
    expect([...seen].sort()).toEqual([...Object.keys(EXPECTED), 'duplicate_employee', 'duplicate_line'].sort());
    // Reconciliation per city and month: what was read = accepted + quarantined, to the fen.
    const report = run!.report as Record<string, { lines: number; acceptedLines: number; employerFen: number; acceptedEmployerFen: number }>;
    const legacyTotals = (await legacy.store.pool.query<{ k: string; n: string }>(`select city || '|' || month as k, count(*) as n from contributions group by 1`)).rows;
    for (const t of legacyTotals) expect(report[t.k]!.lines, t.k).toBe(Number(t.n));
    expect(findings.some((f) => f.code === 'coverage_gap')).toBe(true);
    // Idempotent: loading the same file again replaces, never doubles.
    await loadFile({ pool, tenantId: tenantA, runId, file: 'contributions', pkg, today: '2026-12-01' });
    expect(await sandboxRows(tenantA, runId, 'contribution_lines')).toBe(run!.counts.contributions!.accepted);
    // Isolation: tenant B sees none of it, cannot make A's sandbox, and A's live tables are untouched.
    expect(await sandboxRows(tenantB, runId, 'contribution_lines')).toBe(0);
    await expect(withTenant(db, tenantB, (trx) => sql`select migration_sandbox_create(${runId})`.execute(trx))).rejects.toThrow(/no such migration run/);
    expect(await withTenant(db, tenantB, (trx) => trx.selectFrom('migration_runs').selectAll().execute())).toHaveLength(0);
    const live = await withTenant(db, tenantA, (trx) => trx.selectFrom('employees').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow());
    expect(live.n).toBe(0);
  }, 600_000);

  it('packs the Excel workbook export (merged title rows, Chinese headers) and loads the same rows as the CSV export', async () => {
    const small = await startLegacySim({ seed: { seed: 77, size: 150, months: 6, dirtyRate: 0.05 } });
    try {
      const own = await mkdtemp(path.join(dir, 'workbook-'));
      const written = (target: string, write: (out: NodeJS.WritableStream) => Promise<void>) => {
        const sink = createWriteStream(target);
        const closed = new Promise((resolve, reject) => sink.on('close', () => resolve(null)).on('error', reject));
        return write(sink).then(() => closed);
      };
      const csvFiles: string[] = [];
      for (const file of Object.keys(LEGACY_FILES) as LegacyFile[]) {
        const target = path.join(own, `${LEGACY_FILES[file]}.csv`);
        await written(target, async (out) => {
          await small.store.exportCsv(file, out as never);
          out.end();
        });
        csvFiles.push(target);
      }
      const workbook = path.join(own, 'export.xlsx');
      await written(workbook, (out) => exportWorkbook(small.store, out as never));
      const legacyCounts = await small.store.counts();
      const runs: string[] = [];
      for (const [name, files] of [['csv', csvFiles], ['xlsx', [workbook]]] as const) {
        const out = path.join(own, `${name}.lxpkg`);
        const manifest = await packMigration({ files: [...files], out, keyOut: `${out}.key`, tenantId: tenantA, transferKey });
        expect(manifest.files.map((f) => [f.name, f.rows]), name).toEqual((Object.keys(LEGACY_FILES) as LegacyFile[]).map((f) => [`${LEGACY_FILES[f]}.csv`, legacyCounts.rows[f]]));
        const pkg = await openMigrationPackage({ file: out, wrappedKey: JSON.parse(await readFile(`${out}.key`, 'utf8')), transferKey, tenantId: tenantA });
        const runId = await createMigrationRun(db, tenantA);
        for (const file of MIGRATION_FILES) await loadFile({ pool, tenantId: tenantA, runId, file, pkg, today: '2026-12-01' });
        runs.push(runId);
      }
      const [fromCsv, fromXlsx] = await Promise.all(runs.map((r) => getMigrationRun(db, tenantA, r)));
      for (const file of MIGRATION_FILES) {
        const c = fromXlsx!.counts[file]!;
        expect(c.read, file).toBe(legacyCounts.rows[file]);
        expect(c.accepted + c.quarantined, file).toBe(c.read);
        expect(c, file).toEqual(fromCsv!.counts[file]);
      }
      expect(fromXlsx!.counts.roster!.quarantined).toBeGreaterThan(0);
      // Row for row the same sandbox: accepted rows, quarantined rows with their raw cells, findings.
      const digest = (run: string, table: string, columns: string) =>
        withTenant(db, tenantA, async (trx) => (await sql<{ d: string }>`select md5(coalesce(string_agg(concat_ws(',', ${sql.raw(columns)}), '|' order by ${sql.raw(columns)}), '')) as d
          from ${sql.table(`${sandboxSchema(run)}.${table}`)}`.execute(trx)).rows[0]!.d);
      for (const [table, columns] of [
        ['employees', 'source_row, emp_no, name, id_number, hukou, city_code, hire_date, leave_date, wage_fen'],
        ['coverage', 'source_row, id_number, city_code, insurance, month'],
        ['contribution_lines', 'source_row, id_number, city_code, month, insurance, base_fen, employer_fen, employee_fen'],
        ['quarantine', 'file, source_row, raw::text'],
        ['findings', 'file, source_row, seq, code, outcome'],
      ] as const)
        expect(await digest(runs[1]!, table, columns), table).toBe(await digest(runs[0]!, table, columns));
    } finally {
      await small.close();
    }
  }, 300_000);

  it('refuses a tampered byte, a wrong key and a manifest that does not match, loading nothing', async () => {
    const tampered = path.join(dir, 'tampered.lxpkg');
    const bytes = await readFile(pkgFile);
    bytes[bytes.length - 100]! ^= 0x01;
    await writeFile(tampered, bytes);
    await expect(openMigrationPackage({ file: tampered, wrappedKey, transferKey, tenantId: tenantA })).rejects.toMatchObject({ code: 'package_tampered' });
    await expect(openMigrationPackage({ file: pkgFile, wrappedKey, transferKey: Buffer.alloc(32, 9), tenantId: tenantA })).rejects.toMatchObject({ code: 'package_wrong_key' });
    await expect(openMigrationPackage({ file: pkgFile, wrappedKey, transferKey, tenantId: tenantB })).rejects.toMatchObject({ code: 'package_wrong_key' });

    // A manifest signed with the run key that lies about a row count: refused while loading, nothing kept.
    const head = bytes.readUInt32BE(8);
    const original = await readFile(pkgFile);
    const parsed = JSON.parse(original.subarray(12, 12 + head).toString());
    // Edited after signing: refused by its signature, before any data key is used.
    const edited = path.join(dir, 'edited.lxpkg');
    const editedHead = Buffer.from(JSON.stringify({ ...parsed, manifest: { ...parsed.manifest, createdAt: '2020-01-01T00:00:00.000Z' } }));
    const editedLen = Buffer.alloc(4);
    editedLen.writeUInt32BE(editedHead.length);
    await writeFile(edited, Buffer.concat([original.subarray(0, 8), editedLen, editedHead, original.subarray(12 + head)]));
    await expect(openMigrationPackage({ file: edited, wrappedKey, transferKey, tenantId: tenantA })).rejects.toMatchObject({ code: 'package_signature', messages: { en: expect.stringMatching(/signature/) } });
    parsed.manifest.files[2].rows += 1;
    parsed.signature = signManifest(transferKey, parsed.manifest);
    const body = Buffer.from(JSON.stringify(parsed));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    const forged = path.join(dir, 'forged.lxpkg');
    await writeFile(forged, Buffer.concat([original.subarray(0, 8), len, body, original.subarray(12 + head)]));
    const pkg = await openMigrationPackage({ file: forged, wrappedKey, transferKey, tenantId: tenantA });
    const runId = await createMigrationRun(db, tenantA);
    await loadFile({ pool, tenantId: tenantA, runId, file: 'roster', pkg, today: '2026-12-01' });
    await expect(loadFile({ pool, tenantId: tenantA, runId, file: 'contributions', pkg, today: '2026-12-01' })).rejects.toMatchObject({ code: 'package_manifest_mismatch' });
    expect(await sandboxRows(tenantA, runId, 'contribution_lines')).toBe(0);
    expect((await getMigrationRun(db, tenantA, runId))!.counts.contributions).toBeUndefined();
    void open;
    void pipeline;
  }, 600_000);

  it('refuses a file whose quote is never closed with a 422 naming its row, loading nothing of it', async () => {
    const own = await mkdtemp(path.join(dir, 'unclosed-'));
    const roster = path.join(own, '花名册.csv');
    const lines = path.join(own, '缴费明细.csv');
    const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n') + '\n';
    await writeFile(roster, csv([['花名册', '', '', '', '', '', '', ''], ROSTER_HEADERS, ['E1', '张三', '110101199003070019', '本地', '北京', '2024-01-02', '', '12000.00']]));
    // Row 4 opens a quote in its name and never closes it: the rest of the file cannot be split into rows.
    await writeFile(lines, csv([['缴费明细', '', '', '', '', '', '', ''], CONTRIBUTION_HEADERS,
      ['110101199003070019', '张三', '北京', '2024-09', '养老保险', '12000.00', '1920.00', '960.00'],
      ['110101199003070019', '"张三', '北京', '2024-09', '医疗保险', '12000.00', '1176.00', '243.00'],
      ['110101199003070019', '张三', '北京', '2024-09', '失业保险', '12000.00', '60.00', '60.00']]));
    const out = path.join(own, 'unclosed.lxpkg');
    await packMigration({ files: [roster, lines], out, keyOut: `${out}.key`, tenantId: tenantA, transferKey });
    const pkg = await openMigrationPackage({ file: out, wrappedKey: JSON.parse(await readFile(`${out}.key`, 'utf8')), transferKey, tenantId: tenantA });
    const runId = await createMigrationRun(db, tenantA);
    await loadFile({ pool, tenantId: tenantA, runId, file: 'roster', pkg, today: '2026-12-01' });
    await expect(loadFile({ pool, tenantId: tenantA, runId, file: 'contributions', pkg, today: '2026-12-01' })).rejects.toMatchObject({
      status: 422, code: 'file_malformed', messages: { 'zh-CN': '“缴费明细.csv”第 4 行的引号没有闭合，其后的内容无法分行读取', en: expect.stringContaining('row 4') },
    });
    expect(await sandboxRows(tenantA, runId, 'contribution_lines')).toBe(0);
    expect((await getMigrationRun(db, tenantA, runId))!.counts.contributions).toBeUndefined();
  }, 120_000);
});
