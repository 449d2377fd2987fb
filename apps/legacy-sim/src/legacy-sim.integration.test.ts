import pg from 'pg';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (res: Response): Promise<any> => res.json();
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLegacySim } from '@lianxu/testing';
import { CONTRIBUTION_DIRT, generateEmployees, generateHistory, ROSTER_DIRT } from './legacy.generator';

const SEED = { seed: 42, size: 300, months: 6, dirtyRate: 0.2 };

describe('legacy-sim', () => {
  let legacy: Awaited<ReturnType<typeof startLegacySim>>;
  beforeAll(async () => {
    legacy = await startLegacySim({ seed: SEED });
  });
  afterAll(async () => legacy?.close());

  it('generates the same rows from the same seed, with every kind of dirt', () => {
    const a = [...generateHistory(SEED)].flatMap((h) => h.lines);
    const b = [...generateHistory(SEED)].flatMap((h) => h.lines);
    expect(a).toEqual(b);
    const kinds = new Set([...generateEmployees(SEED).map((e) => e.dirt), ...a.map((l) => l.dirt)]);
    for (const kind of [...ROSTER_DIRT, ...CONTRIBUTION_DIRT]) expect(kinds, kind).toContain(kind);
  });

  it('exports CSV with a merged title row and Chinese headers, and an xlsx workbook', async () => {
    const csv = await (await fetch(`${legacy.url}/export/roster.csv`)).text();
    const [title, headers] = csv.split('\n');
    expect(title).toMatch(/^示例公司花名册,+$/);
    expect(headers).toBe('工号,姓名,证件号码,户口性质,参保城市,入职日期,离职日期,月工资');
    const counts = await legacy.store.counts();
    expect(csv.trim().split('\n')).toHaveLength(counts.rows.roster + 2);
    const xlsx = await fetch(`${legacy.url}/export/workbook.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  });

  it('offers a connection that can read and never write', async () => {
    const { url } = (await json(await fetch(`${legacy.url}/connection`))) as { url: string };
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query('select count(*)::int as n from employees');
      expect(rows[0].n).toBeGreaterThan(0);
      await expect(client.query(`update employees set wage = '1'`)).rejects.toThrow(/read-only|permission/);
    } finally {
      await client.end();
    }
  });

  it('changes day by day, applies injected divergences on their day, and keeps it across a restart', async () => {
    const res = await fetch(`${legacy.url}/admin/divergences`, { method: 'POST', body: JSON.stringify({ day: '2025-01-15', kind: 'month_paid_twice' }) });
    expect(res.status).toBe(201);
    const day1 = await json(await fetch(`${legacy.url}/admin/days`, { method: 'POST', body: JSON.stringify({ day: '2025-01-14' }) }));
    expect(day1.changes.map((c: { kind: string }) => c.kind).sort()).toEqual(['hire', 'leave', 'wage']);
    const day2 = await json(await fetch(`${legacy.url}/admin/days`, { method: 'POST', body: JSON.stringify({ day: '2025-01-15' }) }));
    expect(day2.changes.map((c: { kind: string }) => c.kind)).toContain('divergence:month_paid_twice');
    const again = await json(await fetch(`${legacy.url}/admin/days`, { method: 'POST', body: JSON.stringify({ day: '2025-01-15' }) }));
    expect(again.alreadyDone).toBe(true);
    await legacy.close();
    legacy = await startLegacySim({ database: legacy.database });
    const changes = await json(await fetch(`${legacy.url}/changes`));
    expect(changes.changes.length).toBe(day1.changes.length + day2.changes.length);
  });

  it('refuses a malformed seed or divergence with a 400', async () => {
    expect((await fetch(`${legacy.url}/admin/seed`, { method: 'POST', body: '{"seed":"x"}' })).status).toBe(400);
    expect((await fetch(`${legacy.url}/admin/divergences`, { method: 'POST', body: '{"day":"2025-01-01","kind":"nope"}' })).status).toBe(400);
  });
});
