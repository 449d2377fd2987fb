// Data migration load benchmark: 1,000,000 legacy contribution lines (legacy-sim's generator, 1% dirt)
// packed, then decrypted, parsed, checked (ID, references, each line recomputed by the policy engine)
// and loaded into a run's sandbox; against a plain COPY of the same CSV into a text table in the
// same run (an ordinary logged table, as the sandbox's are; an UNLOGGED one is measured too), made
// before, between and after two loads. The load itself runs in a process of its own
// (migration-load.loader.ts), whose memory and CPU time are reported. Run: node --import tsx test/bench/run-all.ts migration-load [lines]
// Prints figures only; it never fails on a time.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { createDb } from '@lianxu/db';
import { createMigrationRun, packMigration } from '@lianxu/core';
import { CONTRIBUTION_HEADERS, generateEmployees, generateHistory, ROSTER_HEADERS } from '@lianxu/legacy-sim';
import { startBenchStack } from '@lianxu/testing';

const LINES = Number(process.argv[2] ?? 1_000_000);
const csv = (cells: string[]) => `${cells.join(',')}\n`;

const stack = await startBenchStack({ temporal: false, log: (l) => process.stderr.write(`${l}\n`) });
try {
  const seed = { seed: 99, size: Math.ceil(LINES / 80), months: 24, dirtyRate: 0.01 };
  const employees = generateEmployees(seed);
  const rosterFile = path.join(stack.workDir, '花名册.csv');
  const linesFile = path.join(stack.workDir, '缴费明细.csv');
  const roster = createWriteStream(rosterFile);
  roster.write(csv(['花名册', ...ROSTER_HEADERS.slice(1).map(() => '')]) + csv(ROSTER_HEADERS));
  for (const e of employees) roster.write(csv([e.empNo, e.name, e.idNumber, e.hukou, e.city, e.hireDate, e.leaveDate, e.wage]));
  roster.end();
  await once(roster, 'finish');
  const out = createWriteStream(linesFile);
  out.write(csv(['缴费明细', ...CONTRIBUTION_HEADERS.slice(1).map(() => '')]) + csv(CONTRIBUTION_HEADERS));
  let written = 0;
  outer: for (const h of generateHistory(seed, employees))
    for (const l of h.lines) {
      if (written >= LINES) break outer;
      if (!out.write(csv([l.idNumber, l.name, l.city, l.month, l.insurance, l.base, l.employer, l.employee]))) await once(out, 'drain');
      written += 1;
    }
  out.end();
  await once(out, 'finish');

  // Baseline: a plain COPY of the same file (header rows skipped) into a text table, same server, same
  // run: an ordinary (logged) table as the sandbox's are, and an UNLOGGED one (no WAL) for reference.
  const su = new pg.Client({ connectionString: stack.superuserUrl.replace(/\/postgres$/, `/${new URL(stack.ownerUrl).pathname.slice(1)}`) });
  await su.connect();
  const copyInto = async (table: string) => {
    const t0 = performance.now();
    await pipeline(
      createReadStream(linesFile),
      async function* (source) {
        let skipped = 0;
        for await (const chunk of source as AsyncIterable<Buffer>) {
          let c = chunk;
          while (skipped < 2) {
            const i = c.indexOf(10);
            c = c.subarray(i + 1);
            skipped += 1;
          }
          yield c;
        }
      },
      su.query(copyStreams.from(`copy ${table} from stdin with (format csv)`)),
    );
    return (performance.now() - t0) / 1000;
  };
  const columns = '(a text, b text, c text, d text, e text, f text, g text, h text)';
  let copies = 0;
  /** A plain COPY into a fresh table of its own (logged unless said), in seconds. */
  const plainCopy = async (unlogged = false) => {
    const table = `bench_plain_${(copies += 1)}`;
    await su.query(`create ${unlogged ? 'unlogged ' : ''}table ${table} ${columns}`);
    const s = await copyInto(table);
    await su.query(`drop table ${table}`);
    return s;
  };
  const unloggedS = await plainCopy(true);
  const tenantId = (await su.query<{ id: string }>(`insert into tenants (slug, name, industry) values ('bench-mig', 'bench', 'retail') returning id`)).rows[0]!.id;
  // Its employing entity, registered with each export city's bureau: validation quarantines a roster
  // row whose city has no registered entity, and with it every contribution line of that person.
  const entityId = (await su.query<{ id: string }>(`insert into entities (tenant_id, name, credit_code) values ($1, 'bench', '91310000MA1FL8XQ3X') returning id`, [tenantId])).rows[0]!.id;
  await su.query(
    `insert into entity_registrations (tenant_id, entity_id, city_code, agency, registration_no, gateway)
     select $1, $2, c, 'social_insurance', 'SI-' || c, 'bureau-sim' from unnest($3::text[]) c`,
    [tenantId, entityId, ['110100', '310100', '440100', '440300']],
  );

  const transferKey = Buffer.alloc(32, 3);
  const pkgFile = path.join(stack.workDir, 'bench.lxpkg');
  await packMigration({ files: [rosterFile, linesFile], out: pkgFile, keyOut: `${pkgFile}.key`, tenantId, transferKey });
  interface LoadFigures {
    counts: { read: number; accepted: number; quarantined: number };
    loadS: number;
    cpuS: number;
    beforeMb: number;
    peakMb: number;
    lifetimeMb: number;
    heapMb: number;
  }
  // The load runs in a process of its own, as in the worker: its memory is the loader's, not this
  // process's (which generated and packed the file above). Each load is a run of its own (a fresh sandbox).
  const load = async (): Promise<LoadFigures> => {
    const db = createDb({ connectionString: stack.appUrl, max: 2 });
    const runId = await createMigrationRun(db, tenantId);
    await db.destroy();
    const child = spawn(process.execPath, [...(process.env.LOADER_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', path.join(import.meta.dirname, 'migration-load.loader.ts')], {
      env: { ...process.env, BENCH_LOAD: JSON.stringify({ appUrl: stack.appUrl, tenantId, runId, pkgFile, transferKey: transferKey.toString('hex') }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`the load process exited with ${code}`);
    return JSON.parse(output) as LoadFigures;
  };
  // This machine's speed drifts within a run: each load is compared with the plain COPYs made just
  // before and just after it (COPY, load, COPY, load, COPY), against their mean.
  // Shared buffers the server's client backends had to write out themselves (pg_stat_io, 8 kB each):
  // INSERT ... SELECT leaves its pages dirty in shared buffers, COPY keeps to a small ring of its own.
  const backendWrites = async () =>
    Number((await su.query<{ n: string }>(`select coalesce(sum(writes), 0) as n from pg_stat_io where backend_type = 'client backend'`)).rows[0]!.n);
  // Each measured step (COPY or load) starts from a CHECKPOINT: no dirty pages or WAL left by the
  // step before it, which the next step's backend would otherwise write out (the second of two loads
  // in a row paid for the first one's pages: about 3.7-4.4x instead of 3-4x) or which could start a
  // checkpoint in its middle. The COPYs get the same start as the loads.
  const checkpoint = () => su.query('checkpoint');
  await checkpoint();
  const copyS = [await plainCopy()];
  const loads: LoadFigures[] = [];
  const written8k: number[] = [];
  for (let i = 0; i < 2; i++) {
    await checkpoint();
    const before = await backendWrites();
    loads.push(await load());
    written8k.push((await backendWrites()) - before);
    await checkpoint();
    copyS.push(await plainCopy());
  }
  await su.end();
  const ratios = loads.map((l, i) => l.loadS / ((copyS[i]! + copyS[i + 1]!) / 2));
  const { counts } = loads[0]!;
  const rows = (s: number) => Math.round(written / s);
  process.stdout.write(
    [
      `migration-load: ${counts.read} contribution lines read, ${counts.accepted} accepted, ${counts.quarantined} quarantined (read = accepted + quarantined: ${counts.read === counts.accepted + counts.quarantined}; the second run the same: ${JSON.stringify(loads[1]!.counts) === JSON.stringify(counts)})`,
      ...loads.map(
        (l, i) =>
          `  load ${i + 1}: decrypt + parse + validate + recompute + load into the sandbox: ${l.loadS.toFixed(2)} s = ${rows(l.loadS)} rows/s (target ≥ 50,000); loader CPU ${l.cpuS.toFixed(2)} s; ratio to the plain COPYs around it: ${ratios[i]!.toFixed(2)}× (target ≤ 4×)`,
      ),
      `  plain COPY of the same file into a logged table, before, between and after the loads: ${copyS.map((c) => `${c.toFixed(2)} s`).join(', ')} (${copyS.map((c) => rows(c)).join(', ')} rows/s)`,
      `  the same COPY into an UNLOGGED table (no WAL), before: ${unloggedS.toFixed(2)} s; load 1 to it: ${(loads[0]!.loadS / unloggedS).toFixed(2)}×`,
      `  ratio to plain COPY: ${ratios.map((r) => `${r.toFixed(2)}×`).join(', ')} (target ≤ 4×)`,
      `  shared buffers written out by PostgreSQL's backends during each load (8 kB each, pg_stat_io): ${written8k.join(', ')}; every COPY and load starts after a CHECKPOINT`,
      ...loads.map(
        (l, i) =>
          `  load ${i + 1}: peak RSS of the loading process while loading: ${l.peakMb.toFixed(0)} MB (target < 500 MB; ${l.beforeMb.toFixed(0)} MB before this file, lifetime peak ${l.lifetimeMb.toFixed(0)} MB incl. the roster, ${l.heapMb.toFixed(0)} MB heap at the end)`,
      ),
    ].join('\n') + '\n',
  );
} finally {
  await stack.stop();
}
