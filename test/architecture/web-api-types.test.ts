// The web app's request and response types are generated from /api/openapi.json (issue 12 item 6).
// A route or schema changed without `npm run api-types -w @lianxu/web` leaves the committed
// schema.d.ts stale: regenerate it in memory and compare.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateApiTypes, SCHEMA_FILE } from '../../apps/web/build/api-types';

describe('apps/web/src/api/schema.d.ts', () => {
  it('matches /api/openapi.json as the API serves it now (run `npm run api-types -w @lianxu/web` when this fails)', async () => {
    const committed = await readFile(SCHEMA_FILE, 'utf8');
    const fresh = await generateApiTypes();
    expect(fresh).toContain('"/api/t/{tenant}/employees"');
    expect(fresh).toContain('"/api/t/{tenant}/plugins/retail-branches/branches"');
    // Not toEqual on the whole text: the first differing line is what the reader needs.
    const committedLines = committed.split('\n');
    const freshLines = fresh.split('\n');
    const first = freshLines.findIndex((line, i) => line !== committedLines[i]);
    expect(first === -1 && freshLines.length === committedLines.length ? 'up to date' : `stale from line ${first + 1}: ${freshLines[first] ?? '(end)'}`).toBe('up to date');
  }, 60_000);
});
