import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { bisect, createDualRun, createDualRunActivities, sealLegacySource, listDifferences, listDualRunDays, memorySide, type CompareLine } from '@lianxu/core';
import { withTenant } from '@lianxu/db';
import { appDb, provisionLifecycleTenant } from '@lianxu/testing';
import { hrDoubleKeying, promotedTenant, vault } from '../data-migration/dual-run.fixture';

// The dual run's activities in MockActivityEnvironment on real PostgreSQL beside a real legacy-sim:
// a day compared once (a retried call changes nothing), an unreachable day shown late, refusals
// final (another tenant's run, retirement before the clean-day rule), and the bisection reading
// only the segments that differ.

const db = appDb();
const pool = new pg.Pool({ connectionString: inject('appUrl'), max: 3 });
let tenantA: string;
let tenantB: string;
let ctx: Awaited<ReturnType<typeof promotedTenant>>;
let through: ReturnType<typeof hrDoubleKeying>;
const START = '2024-10-08';

beforeAll(async () => {
  tenantA = (await provisionLifecycleTenant(db, 'dual-act-a', { seed: 51 })).tenant.id;
  tenantB = (await provisionLifecycleTenant(db, 'dual-act-b', { seed: 52 })).tenant.id;
  ctx = await promotedTenant(db, pool, tenantA, 30);
  await createDualRun({ db, vault }, tenantA, { runId: ctx.runId, source: { url: ctx.pkg.legacy.store.readOnlyUrl, sslmode: 'prefer' }, startDay: START, cleanDaysRequired: 2 });
  through = hrDoubleKeying(db, ctx.pkg.legacy.store, tenantA, START);
}, 240_000);
afterAll(async () => {
  await ctx?.pkg.close();
  await pool.end();
  await db.destroy();
});

describe('dual-run activities', () => {
  it('compares a day once: clean when both systems agree, and a retry answers the stored day', async () => {
    const acts = createDualRunActivities({ db, vault });
    const env = new MockActivityEnvironment();
    await through(START);
    const first = await env.run(acts.compareDualRunDay, { tenantId: tenantA, runId: ctx.runId, day: START });
    expect(first).toMatchObject({ day: START, dayNumber: 1, clean: true, totalsMatch: true, withinTolerance: true, newDifferences: 0, retirementOffered: false, closed: false });
    expect(await env.run(acts.compareDualRunDay, { tenantId: tenantA, runId: ctx.runId, day: START })).toEqual(first);
    const [day] = await listDualRunDays(db, tenantA, ctx.runId);
    expect(day).toMatchObject({ attempts: 1, linesDifferent: 0, matchRate: 1 });
    expect(day!.linesCompared).toBeGreaterThan(20);
    const streak = await withTenant(db, tenantA, (trx) => trx.selectFrom('dual_runs').select('clean_streak').executeTakeFirstOrThrow());
    expect(streak.clean_streak).toBe(1);
  });

  it('shows an unreachable day late, and refuses another tenant’s run and an early retirement as final', async () => {
    const acts = createDualRunActivities({ db, vault });
    const env = new MockActivityEnvironment();
    // A source out of reach (connected like a migration's source) fails retryably, naming no address.
    const saved = await withTenant(db, tenantA, (trx) => trx.selectFrom('dual_runs').select(['source_cipher', 'source_key_id']).executeTakeFirstOrThrow());
    await withTenant(db, tenantA, async (trx) => {
      const sealed = await sealLegacySource(trx, vault, tenantA, { url: 'postgres://reader:secret@127.0.0.1:1/legacy', sslmode: 'prefer' });
      await trx.updateTable('dual_runs').set({ source_cipher: sealed.cipher, source_key_id: sealed.keyId }).execute();
    });
    const unreachable = await env.run(acts.compareDualRunDay, { tenantId: tenantA, runId: ctx.runId, day: '2024-10-09' }).catch((error: unknown) => error as Error);
    await withTenant(db, tenantA, (trx) => trx.updateTable('dual_runs').set(saved).execute());
    expect(unreachable).toBeInstanceOf(Error);
    expect(unreachable).not.toHaveProperty('nonRetryable', true);
    expect((unreachable as Error).message).toMatch(/cannot be reached/);
    expect((unreachable as Error).message).not.toMatch(/127\.0\.0\.1|secret/);
    await env.run(acts.markDualRunDayLate, { tenantId: tenantA, runId: ctx.runId, day: '2024-10-09', error: (unreachable as Error).message });
    expect((await listDualRunDays(db, tenantA, ctx.runId)).find((d) => d.day === '2024-10-09')).toMatchObject({ late: true, completed: false, attempts: 1 });
    await expect(env.run(acts.compareDualRunDay, { tenantId: tenantB, runId: ctx.runId, day: '2024-10-09' })).rejects.toMatchObject({ type: 'dual_run_not_found', nonRetryable: true });
    await expect(env.run(acts.retireDualRun, { tenantId: tenantA, runId: ctx.runId, userId: tenantA })).rejects.toMatchObject({ type: 'dual_run_not_clean', nonRetryable: true });
    expect(await withTenant(db, tenantB, (trx) => trx.selectFrom('dual_run_days').select('day').execute())).toEqual([]);
  });

  it('compares coverage per insurance: a month the old system covers for some insurances only is a difference naming the insurance', async () => {
    const acts = createDualRunActivities({ db, vault });
    const env = new MockActivityEnvironment();
    // After October's pay day: the window holds October.
    const day = '2024-10-28';
    await through(day);
    const store = ctx.pkg.legacy.store;
    const { rows: [gap] } = await store.pool.query<{ id_number: string; month: string }>(
      `select id_number, month from contributions where insurance = '失业' and month = $1 order by id_number limit 1`, [day.slice(0, 7)]);
    await store.pool.query(`delete from coverage where id_number = $1 and month = $2 and insurance = '失业'`, [gap!.id_number, gap!.month]);
    await store.pool.query(`delete from contributions where id_number = $1 and month = $2 and insurance = '失业'`, [gap!.id_number, gap!.month]);
    const result = await env.run(acts.compareDualRunDay, { tenantId: tenantA, runId: ctx.runId, day });
    expect(result).toMatchObject({ clean: false, totalsMatch: false });
    const found = (await listDifferences(db, tenantA, ctx.runId, { day })).filter((d) => d.firstSeenDay === day);
    const item = `${gap!.month}|失业`;
    const coverage = found.find((d) => d.kind === 'coverage' && d.item === item);
    expect(coverage).toMatchObject({ legacy: null, lianxu: '1', autoClass: 'timing' });
    expect(found.find((d) => d.kind === 'contribution' && d.item === item && d.label === coverage!.label)).toMatchObject({ legacy: null });
    // The other insurances of that person's month still match: only the missing one is named.
    expect(found.filter((d) => d.kind === 'coverage' && d.label === coverage!.label).map((d) => d.item)).toEqual([item]);
  });

  it('bisects: 5 of 2,000 people changed are found by reading only their segments', async () => {
    const subject = (i: number) => createHash('sha256').update(String(i)).digest('hex');
    const lines: CompareLine[] = [];
    for (let i = 0; i < 2000; i++) lines.push({ kind: 'roster', subject: subject(i), item: '', value: `active|110100|${500000 + i}` });
    const changed = lines.map((l, i) => (i % 400 === 7 ? { ...l, value: `${l.value}1` } : l));
    const result = await bisect(memorySide(changed, new Map()), memorySide(lines, new Map()), { leafLines: 4 });
    expect(result.differences.map((d) => d.subject).sort()).toEqual([7, 407, 807, 1207, 1607].map(subject).sort());
    expect(result.legacyLinesRead).toBeLessThanOrEqual(5 * 4);
    expect(result.legacyLines).toBe(2000);
  });
});
