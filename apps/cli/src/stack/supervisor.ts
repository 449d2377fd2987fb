/**
 * The process supervisor of `npm start`: a child that dies unexpectedly is started again after an
 * exponential backoff while the others keep serving; only a child that keeps crashing (too many
 * crashes within a window) makes the supervisor give up, and then the caller stops everything.
 * No I/O of its own: children come from a factory, time from injected `now`/`schedule`, so tests
 * drive it with fakes.
 */

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One running instance of a supervised child. */
export interface RunningChild {
  pid?: number;
  /** Settles when the process ends, whatever the reason. */
  exited: Promise<ChildExit>;
  /** Ends the process gracefully (escalating if needed); resolves once it is gone. */
  stop(): Promise<void>;
}

export interface ChildSpec {
  name: string;
  /** Starts one instance; a rejection counts as a crash (e.g. a server that does not come up). */
  start(): RunningChild | Promise<RunningChild>;
}

export interface RestartPolicy {
  /** Delay before the first restart; doubles with each crash still inside the window. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Giving up: this many crashes of one child within `windowMs`. */
  maxCrashes: number;
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialDelayMs: 500, maxDelayMs: 30_000, maxCrashes: 5, windowMs: 60_000 };

/** The environment variables that tune the policy, named in the supervisor's log lines. */
export const RESTART_POLICY_ENV = {
  maxCrashes: 'LIANXU_RESTART_MAX_CRASHES',
  windowMs: 'LIANXU_RESTART_WINDOW_S',
  initialDelayMs: 'LIANXU_RESTART_DELAY_MS',
  maxDelayMs: 'LIANXU_RESTART_MAX_DELAY_MS',
} as const;

/** The policy from the environment; a value that is not a positive integer is an error naming the variable. */
export function restartPolicyFromEnv(env: Record<string, string | undefined>, defaults: RestartPolicy = DEFAULT_RESTART_POLICY): RestartPolicy {
  const read = (name: string, fallback: number, scale = 1): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
    return value * scale;
  };
  const policy = {
    maxCrashes: read(RESTART_POLICY_ENV.maxCrashes, defaults.maxCrashes),
    windowMs: read(RESTART_POLICY_ENV.windowMs, defaults.windowMs, 1000),
    initialDelayMs: read(RESTART_POLICY_ENV.initialDelayMs, defaults.initialDelayMs),
    maxDelayMs: read(RESTART_POLICY_ENV.maxDelayMs, defaults.maxDelayMs),
  };
  if (policy.maxDelayMs < policy.initialDelayMs) throw new Error(`${RESTART_POLICY_ENV.maxDelayMs} must not be below ${RESTART_POLICY_ENV.initialDelayMs}`);
  return policy;
}

export interface Timers {
  now(): number;
  /** Runs `fn` after `ms`; the returned function cancels it. */
  schedule(fn: () => void, ms: number): () => void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  schedule(fn, ms) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

export interface SupervisorOptions {
  policy?: RestartPolicy;
  timers?: Timers;
  log(line: string): void;
  /** A child crashed `maxCrashes` times within the window: the caller stops everything. */
  onGiveUp(name: string, reason: string): void;
}

export interface Supervisor {
  /** Starts a child and watches it from then on. A failure to start the first time rejects (nothing to restart yet). */
  add(spec: ChildSpec): Promise<RunningChild>;
  /** The current instance of a child (undefined while it waits for a restart). */
  current(name: string): RunningChild | undefined;
  /** How many times each child was restarted so far. */
  restarts(name: string): number;
  /** Cancels pending restarts and stops every child, the last added first. */
  stopAll(): Promise<void>;
}

interface Entry {
  spec: ChildSpec;
  running?: RunningChild;
  crashes: number[];
  restarts: number;
  cancelRestart?: () => void;
}

const describeExit = (exit: ChildExit) => (exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`);
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

export function createSupervisor(options: SupervisorOptions): Supervisor {
  const policy = options.policy ?? DEFAULT_RESTART_POLICY;
  const timers = options.timers ?? realTimers;
  const entries: Entry[] = [];
  let stopping = false;
  let gaveUp = false;

  const limits = `limit ${policy.maxCrashes} crashes within ${seconds(policy.windowMs)}; set ${RESTART_POLICY_ENV.maxCrashes} / ${RESTART_POLICY_ENV.windowMs}`;

  const watch = (entry: Entry, running: RunningChild) => {
    entry.running = running;
    void running.exited.then((exit) => {
      if (entry.running !== running) return;
      entry.running = undefined;
      if (stopping) return;
      crashed(entry, `exited unexpectedly (${describeExit(exit)})`);
    });
  };

  const crashed = (entry: Entry, what: string) => {
    if (stopping || gaveUp) return;
    const now = timers.now();
    entry.crashes = [...entry.crashes.filter((t) => now - t < policy.windowMs), now];
    const count = entry.crashes.length;
    const name = entry.spec.name;
    if (count >= policy.maxCrashes) {
      gaveUp = true;
      const reason = `${name} ${what}: crash ${count} within ${seconds(policy.windowMs)} (${limits}); giving up`;
      options.log(`${reason}, stopping everything`);
      options.onGiveUp(name, reason);
      return;
    }
    const delay = Math.min(policy.initialDelayMs * 2 ** (count - 1), policy.maxDelayMs);
    options.log(`${name} ${what}; restarting in ${seconds(delay)} (crash ${count} of ${policy.maxCrashes} allowed within ${seconds(policy.windowMs)})`);
    entry.cancelRestart = timers.schedule(() => {
      entry.cancelRestart = undefined;
      void restart(entry);
    }, delay);
  };

  const restart = async (entry: Entry) => {
    if (stopping || gaveUp) return;
    let running: RunningChild;
    try {
      running = await entry.spec.start();
    } catch (error) {
      crashed(entry, `failed to start again (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    if (stopping) {
      await running.stop();
      return;
    }
    entry.restarts += 1;
    options.log(`${entry.spec.name} restarted${running.pid ? ` (pid ${running.pid})` : ''}, restart ${entry.restarts}`);
    watch(entry, running);
  };

  return {
    async add(spec) {
      if (entries.some((e) => e.spec.name === spec.name)) throw new Error(`a child named ${spec.name} is already supervised`);
      const entry: Entry = { spec, crashes: [], restarts: 0 };
      const running = await spec.start();
      entries.push(entry);
      options.log(`${spec.name} started${running.pid ? ` (pid ${running.pid})` : ''}`);
      watch(entry, running);
      return running;
    },
    current: (name) => entries.find((e) => e.spec.name === name)?.running,
    restarts: (name) => entries.find((e) => e.spec.name === name)?.restarts ?? 0,
    async stopAll() {
      stopping = true;
      for (const entry of [...entries].reverse()) {
        entry.cancelRestart?.();
        entry.cancelRestart = undefined;
        const running = entry.running;
        entry.running = undefined;
        await running?.stop().catch(() => undefined);
      }
    },
  };
}
