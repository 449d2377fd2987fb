import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAuthService } from '@lianxu/auth';
import { createPolicyLibraryService } from '@lianxu/core';
import { createDb } from '@lianxu/db';
import { loadPolicyFile, loadSources } from '@lianxu/policy';
import { scratchDatabase } from '@lianxu/testing';
import { exportPolicyRecords } from './commands/policies.command';

// Its own database (derived from the run's appUrl/ownerUrl): revisions are platform data others read.
const scratch = await scratchDatabase('policy_export');
const db = createDb({ connectionString: scratch.appUrl, max: 2 });
let out: string;

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'lianxu-policy-export-'));
});
afterAll(async () => {
  await db.destroy();
  await scratch.drop();
  await rm(out, { recursive: true, force: true });
});

describe('lianxu policies export', () => {
  it('writes nothing when the database holds no revision', async () => {
    expect((await exportPolicyRecords({ db, outDir: path.join(out, 'empty') })).files).toEqual([]);
  });

  it('writes the latest revision per city and year in the shipped shape, older ones with --all, and added sources', async () => {
    const email = 'export-consultant@example.test';
    const actor = { id: await createAuthService(db).ensureUser({ email, name: '顾问', platformRole: 'consultant' }), email };
    const service = createPolicyLibraryService({ db });
    // The shipped Shenzhen 2024 record is revision 2 (the 27,501 pension cap), so these are r3 and r4.
    const raw = (await service.rawRecord('440300-2024-r2'))!.record as any;
    for (const floor of ['4000', '4100']) {
      const record = structuredClone(raw);
      record.insurances.pension.floor = { value: floor, sources: floor === '4100' ? ['SZ-N1'] : ['S2'], grade: 'B' };
      await service.addRevision(
        { record, note: `floor ${floor}\nsecond line`, sources: floor === '4100' ? [{ id: 'SZ-N1', title: 'Shenzhen notice', url: 'https://example.gov.cn/n1', grade: 'A' }] : [] },
        actor,
      );
    }

    const latestOnly = await exportPolicyRecords({ db, outDir: path.join(out, 'latest') });
    expect(latestOnly.files).toEqual(['shenzhen-2024.yaml', 'sources.added.yaml']);

    const all = await exportPolicyRecords({ db, outDir: path.join(out, 'all'), all: true });
    expect(all.files).toEqual(['shenzhen-2024-r3.yaml', 'shenzhen-2024.yaml', 'sources.added.yaml']);
    expect((await readdir(path.join(out, 'all'))).sort()).toEqual(all.files);

    const text = await readFile(path.join(out, 'all', 'shenzhen-2024.yaml'), 'utf8');
    expect(text).toMatch(/^# 440300-2024-r4: exported from the database/);
    expect(text).toContain('# note: floor 4100\n#       second line');
    // Keys in the shipped files' order, money still a string.
    expect(text.indexOf('city:')).toBeLessThan(text.indexOf('insurances:'));
    expect(parse(text).insurances.pension.floor.value).toBe('4100');

    // A reviewer can drop the files into the data folder: they load and keep their ids.
    const sources = parse(await readFile(path.join(out, 'all', 'sources.added.yaml'), 'utf8')).sources;
    expect(sources).toEqual([{ id: 'SZ-N1', grade: 'A', title: 'Shenzhen notice', url: 'https://example.gov.cn/n1', addedBy: '440300-2024-r4' }]);
    const known = new Set([...loadSources().map((s) => s.id), ...sources.map((s: any) => s.id)]);
    expect(loadPolicyFile(path.join(out, 'all', 'shenzhen-2024.yaml'), known).id).toBe('440300-2024-r4');
    expect(loadPolicyFile(path.join(out, 'all', 'shenzhen-2024-r3.yaml'), known).id).toBe('440300-2024-r3');
  });
});
