import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { capturingLogger } from '@lianxu/testing';
import { stallLog } from './stall-log.middleware';

// #14: a request that holds the event loop past the threshold is logged with its route, method and
// duration; quick requests, and requests that only waited behind the stall, are not named.

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // deliberately holds the event loop, as a backtracking pattern would
  }
}

function testApp(thresholdMs = 100) {
  const { logger, lines } = capturingLogger();
  const app = new Hono();
  app.use('*', stallLog({ logger, thresholdMs }));
  app.get('/block/:ms', (c) => {
    busy(Number(c.req.param('ms')));
    return c.text('done');
  });
  app.post('/after-await/:ms', async (c) => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    busy(Number(c.req.param('ms')));
    return c.text('done');
  });
  app.get('/fast', (c) => c.text('ok'));
  app.get('/waits/:ms', async (c) => {
    await new Promise((resolve) => setTimeout(resolve, Number(c.req.param('ms'))));
    return c.text('ok');
  });
  app.get('/slow-but-waiting', async (c) => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return c.text('ok');
  });
  // As in the API: a fallback for every method, registered last, must not take the blame.
  app.all('*', (c) => c.text('no such route', 404));
  const stalls = () => lines.map((l) => JSON.parse(l)).filter((l) => l.msg.startsWith('event loop stalled'));
  return { app, stalls };
}

describe('event-loop stall log', () => {
  it('names the route, method and duration of a request that blocks past the threshold', async () => {
    const { app, stalls } = testApp(100);
    expect((await app.request('/block/250')).status).toBe(200);
    // On a loaded machine a late timer may add a line; every line still names only this request.
    const [line] = stalls();
    expect(line).toMatchObject({ level: 40, method: 'GET', route: '/block/:ms', path: '/block/250', candidates: 1 });
    expect(line.stalledMs).toBeGreaterThanOrEqual(100);
    expect(line.msg).toContain('GET /block/:ms');
    expect(new Set(stalls().map((s) => s.route))).toEqual(new Set(['/block/:ms']));
  });

  it('catches a block that comes after an await, inside the handler', async () => {
    const { app, stalls } = testApp(100);
    expect((await app.request('/after-await/250', { method: 'POST' })).status).toBe(200);
    expect(new Set(stalls().map((s) => `${s.method} ${s.route}`))).toEqual(new Set(['POST /after-await/:ms']));
  });

  it('logs nothing for a quick request, a short block, or a long request that only waits', async () => {
    // A threshold far above timer jitter on a loaded 2-core machine, so only a real block could count.
    const { app, stalls } = testApp(1000);
    await app.request('/fast');
    await app.request('/block/200');
    await app.request('/slow-but-waiting');
    expect(stalls()).toEqual([]);
  });

  it('does not blame a request that arrived while the loop was blocked', async () => {
    const { app, stalls } = testApp(100);
    const blocked = app.request('/block/250');
    const waited = app.request('/fast');
    await Promise.all([blocked, waited]);
    expect(new Set(stalls().map((s) => s.route))).toEqual(new Set(['/block/:ms']));
  });

  it('writes one line per stall however many requests are in flight, counting them per route', async () => {
    const { app, stalls } = testApp(100);
    const waiting = Array.from({ length: 20 }, () => app.request('/waits/2000'));
    // Let the twenty start (and be in flight) before one of them blocks the loop.
    await new Promise((resolve) => setTimeout(resolve, 30));
    await app.request('/block/250');
    await Promise.all(waiting);
    const lines = stalls();
    // Not a line per request: a loaded machine's late timers may add a stall line or two of their own.
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(5);
    const line = lines.find((l) => l.candidates === 21)!;
    expect(line, JSON.stringify(lines)).toBeDefined();
    expect(line.msg).toContain('(21 requests in flight)');
    expect(line.routes).toEqual(expect.arrayContaining([{ method: 'GET', route: '/waits/:ms', count: 20 }, { method: 'GET', route: '/block/:ms', count: 1 }]));
  });

  it('names the handler\'s route, not the fallback registered for every method', async () => {
    const { app, stalls } = testApp(100);
    expect((await app.request('/block/250')).status).toBe(200);
    expect(stalls()[0]).toMatchObject({ route: '/block/:ms' });
  });
});
