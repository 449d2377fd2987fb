import { describe, expect, it } from 'vitest';
import { createSupervisor, restartPolicyFromEnv, type ChildExit, type RestartPolicy, type RunningChild, type Timers } from './supervisor';

/** Manual clock: scheduled callbacks run only when the test advances time. */
function fakeTimers(): Timers & { advance(ms: number): Promise<void>; pending(): number[] } {
  let now = 0;
  let tasks: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 0;
  return {
    now: () => now,
    schedule(fn, ms) {
      const id = nextId++;
      tasks.push({ at: now + ms, fn, id });
      return () => void (tasks = tasks.filter((t) => t.id !== id));
    },
    pending: () => tasks.map((t) => t.at - now),
    async advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = tasks.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        tasks = tasks.filter((t) => t !== due);
        now = due.at;
        due.fn();
        await flush();
      }
      now = until;
      await flush();
    },
  };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

interface FakeChild extends RunningChild {
  crash(exit?: Partial<ChildExit>): void;
  stopped: boolean;
}

/** A child factory whose instances end when the test says so. */
function fakeFactory(name: string, options: { failStarts?: number } = {}) {
  const instances: FakeChild[] = [];
  let failures = options.failStarts ?? 0;
  let pid = 100;
  return {
    instances,
    spec: {
      name,
      start(): RunningChild {
        if (instances.length > 0 && failures > 0) {
          failures -= 1;
          throw new Error('port in use');
        }
        let end!: (exit: ChildExit) => void;
        const exited = new Promise<ChildExit>((resolve) => (end = resolve));
        const child: FakeChild = {
          pid: pid++,
          exited,
          stopped: false,
          crash: (exit) => end({ code: exit?.code ?? null, signal: exit && 'signal' in exit ? exit.signal ?? null : 'SIGKILL' }),
          stop: async () => {
            child.stopped = true;
            end({ code: 0, signal: null });
          },
        };
        instances.push(child);
        return child;
      },
    },
  };
}

const POLICY: RestartPolicy = { initialDelayMs: 500, maxDelayMs: 4000, maxCrashes: 5, windowMs: 60_000 };

function setup(policy = POLICY) {
  const timers = fakeTimers();
  const lines: string[] = [];
  const gaveUp: string[] = [];
  const supervisor = createSupervisor({ policy, timers, log: (l) => lines.push(l), onGiveUp: (name) => gaveUp.push(name) });
  return { timers, lines, gaveUp, supervisor };
}

describe('supervisor', () => {
  it('restarts a crashed child after 0.5 s and leaves the others running', async () => {
    const { timers, lines, gaveUp, supervisor } = setup();
    const worker = fakeFactory('worker');
    const api = fakeFactory('api');
    await supervisor.add(worker.spec);
    await supervisor.add(api.spec);
    worker.instances[0]!.crash({ signal: 'SIGKILL' });
    await flush();
    expect(supervisor.current('worker')).toBeUndefined();
    expect(lines).toContain('worker exited unexpectedly (signal SIGKILL); restarting in 0.5 s (crash 1 of 5 allowed within 60 s)');
    await timers.advance(499);
    expect(worker.instances).toHaveLength(1);
    await timers.advance(1);
    expect(worker.instances).toHaveLength(2);
    expect(supervisor.current('worker')).toBe(worker.instances[1]);
    expect(supervisor.restarts('worker')).toBe(1);
    expect(lines).toContain('worker restarted (pid 101), restart 1');
    expect(api.instances).toHaveLength(1);
    expect(api.instances[0]!.stopped).toBe(false);
    expect(gaveUp).toEqual([]);
  });

  it('doubles the delay with each crash inside the window, up to the cap', async () => {
    const { timers, supervisor } = setup({ ...POLICY, maxCrashes: 10 });
    const worker = fakeFactory('worker');
    await supervisor.add(worker.spec);
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      worker.instances.at(-1)!.crash({ code: 1, signal: null });
      await flush();
      delays.push(timers.pending()[0]!);
      await timers.advance(delays.at(-1)!);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
    expect(worker.instances).toHaveLength(7);
  });

  it('forgets crashes older than the window: a child that ran long enough starts again at 0.5 s', async () => {
    const { timers, gaveUp, supervisor } = setup();
    const worker = fakeFactory('worker');
    await supervisor.add(worker.spec);
    for (let i = 0; i < 4; i++) {
      worker.instances.at(-1)!.crash();
      await flush();
      await timers.advance(timers.pending()[0]!);
    }
    await timers.advance(61_000);
    worker.instances.at(-1)!.crash();
    await flush();
    expect(timers.pending()).toEqual([500]);
    expect(gaveUp).toEqual([]);
  });

  it('gives up on a crash loop: the 5th crash within 60 s calls onGiveUp, naming the limit and its variables', async () => {
    const { timers, lines, gaveUp, supervisor } = setup();
    const worker = fakeFactory('worker');
    await supervisor.add(worker.spec);
    for (let i = 0; i < 4; i++) {
      worker.instances.at(-1)!.crash({ code: 1, signal: null });
      await flush();
      await timers.advance(timers.pending()[0]!);
    }
    expect(gaveUp).toEqual([]);
    worker.instances.at(-1)!.crash({ code: 1, signal: null });
    await flush();
    expect(gaveUp).toEqual(['worker']);
    expect(timers.pending()).toEqual([]);
    expect(lines.at(-1)).toBe(
      'worker exited unexpectedly (code 1): crash 5 within 60 s (limit 5 crashes within 60 s; set LIANXU_RESTART_MAX_CRASHES / LIANXU_RESTART_WINDOW_S); giving up, stopping everything',
    );
  });

  it('a restart that fails to start counts as a crash and is retried with a longer delay', async () => {
    const { timers, lines, supervisor } = setup();
    const temporal = fakeFactory('temporal', { failStarts: 1 });
    await supervisor.add(temporal.spec);
    temporal.instances[0]!.crash();
    await flush();
    await timers.advance(500);
    expect(lines).toContain('temporal failed to start again (port in use); restarting in 1 s (crash 2 of 5 allowed within 60 s)');
    await timers.advance(1000);
    expect(temporal.instances).toHaveLength(2);
    expect(supervisor.current('temporal')).toBe(temporal.instances[1]);
  });

  it('stopAll stops every child, the last added first, cancels a pending restart and restarts nothing after', async () => {
    const { timers, supervisor } = setup();
    const order: string[] = [];
    const a = fakeFactory('bureau-sim');
    const b = fakeFactory('worker');
    const c = fakeFactory('api');
    for (const f of [a, b, c]) await supervisor.add({ name: f.spec.name, start: () => {
      const child = f.spec.start();
      const stop = child.stop;
      child.stop = async () => { order.push(f.spec.name); await stop(); };
      return child;
    } });
    b.instances[0]!.crash();
    await flush();
    expect(timers.pending()).toEqual([500]);
    await supervisor.stopAll();
    expect(order).toEqual(['api', 'bureau-sim']);
    expect(timers.pending()).toEqual([]);
    await timers.advance(10_000);
    expect(b.instances).toHaveLength(1);
    expect(c.instances[0]!.stopped && a.instances[0]!.stopped).toBe(true);
  });

  it('a child stopped by stopAll is not taken for a crash', async () => {
    const { timers, lines, gaveUp, supervisor } = setup();
    const worker = fakeFactory('worker');
    await supervisor.add(worker.spec);
    await supervisor.stopAll();
    await timers.advance(10_000);
    expect(worker.instances).toHaveLength(1);
    expect(gaveUp).toEqual([]);
    expect(lines.some((l) => l.includes('unexpectedly'))).toBe(false);
  });
});

describe('restart policy from the environment', () => {
  it('reads the limits, the window in seconds, and rejects a bad value naming the variable', () => {
    expect(restartPolicyFromEnv({})).toEqual({ initialDelayMs: 500, maxDelayMs: 30_000, maxCrashes: 5, windowMs: 60_000 });
    expect(restartPolicyFromEnv({ LIANXU_RESTART_MAX_CRASHES: '3', LIANXU_RESTART_WINDOW_S: '10' })).toMatchObject({ maxCrashes: 3, windowMs: 10_000 });
    expect(() => restartPolicyFromEnv({ LIANXU_RESTART_MAX_CRASHES: '0' })).toThrow('LIANXU_RESTART_MAX_CRASHES must be a positive integer, got "0"');
    expect(() => restartPolicyFromEnv({ LIANXU_RESTART_WINDOW_S: 'abc' })).toThrow('LIANXU_RESTART_WINDOW_S');
    expect(() => restartPolicyFromEnv({ LIANXU_RESTART_DELAY_MS: '5000', LIANXU_RESTART_MAX_DELAY_MS: '1000' })).toThrow('LIANXU_RESTART_MAX_DELAY_MS');
  });
});
