import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';

// `npm test` must pass while `npm start` runs on the same machine: the harness never takes the
// ports `npm start` uses (3000 for the app, 5432 for PostgreSQL, 7233 for Temporal).
describe('test services stay clear of a running npm start', () => {
  it('uses free ports, never 3000, 5432 or 7233', () => {
    const ports = [new URL(inject('appUrl')).port, inject('temporalAddress').split(':').pop()].map(Number);
    for (const port of ports) expect([3000, 5432, 7233, 8233]).not.toContain(port);
  });
});
