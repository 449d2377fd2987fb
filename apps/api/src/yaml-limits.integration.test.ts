import { afterAll, describe, expect, it } from 'vitest';
import { apiDeps, appDb } from '@lianxu/testing';
import { buildApp } from './app';

// #14 item 6: the public tenant-file validation parses YAML with bounds (aliases, nesting, size) and
// answers a 400 naming the line, never a 500 or a stack overflow; and it is rate limited.

const json = (res: Response): Promise<any> => res.json();
const db = appDb();
const d = apiDeps(db, { trustProxy: true });
const app = buildApp(d.deps);
afterAll(async () => {
  await d.close();
  await db.destroy();
});

let n = 0;
const validate = (content: string, address = `yaml-${++n}`) =>
  app.request('http://localhost:3000/api/tenant-files/validate', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://localhost:3000', 'x-forwarded-for': address, 'accept-language': 'en' },
    body: JSON.stringify({ content }),
  });

describe('bounded YAML on the public validation route', () => {
  it('refuses an alias bomb with a 400 instead of expanding it', async () => {
    const nine = (x: string) => `[${Array(9).fill(x).join(', ')}]`;
    const bomb = `a: &a ${nine('x')}\nb: &b ${nine('*a')}\nc: &c ${nine('*b')}\nd: &d ${nine('*c')}\ne: &e ${nine('*d')}\n`;
    const started = Date.now();
    const res = await validate(bomb);
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error.fields['(yaml)']).toMatch(/alias/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.each([
    ['flow lists', '['.repeat(5000) + ']'.repeat(5000)],
    ['block maps', Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1'],
    ['block lists', '- '.repeat(5000) + 'x'],
    ['flow maps', '{a: '.repeat(3000) + '1' + '}'.repeat(3000)],
  ])('refuses deeply nested %s with a 400 that names the line and no engine text', async (_kind, text) => {
    const res = await validate(text);
    expect(res.status).toBe(400);
    const body = JSON.stringify(await json(res));
    expect(body).not.toMatch(/call stack|RangeError|Maximum/i);
    expect(body).toMatch(/line \d+|nested/);
  });

  it('keeps working for a sane file after the hostile ones', async () => {
    const res = await validate('slug: x\n');
    expect(res.status).toBe(400); // not a tenant file, but parsed and answered
    expect((await json(res)).error.code).toBe('validation_failed');
  });

  it('limits validations per address: 429 with Retry-After past 30 a minute, other addresses unaffected', async () => {
    const address = 'yaml-flood';
    for (let i = 0; i < 30; i++) expect((await validate('a: 1\n', address)).status).toBe(400);
    const limited = await validate('a: 1\n', address);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await validate('a: 1\n', 'yaml-someone-else')).status).toBe(400);
  });
});
