import pg from 'pg';

// Round trips to PostgreSQL, counted for tests and benchmarks (nothing here imports vitest).

/**
 * Counts database round trips of every pg client: a query given to a client with nothing in flight
 * starts one; queries given while others are in flight ride along with them (pipelined).
 */
export function countRoundTrips(): { readonly count: number; restore(): void } {
  const proto = pg.Client.prototype;
  const original = proto.query;
  const inFlight = new WeakMap<object, number>();
  let count = 0;
  proto.query = function (this: object, ...args: unknown[]) {
    const pending = inFlight.get(this) ?? 0;
    if (pending === 0) count += 1;
    inFlight.set(this, pending + 1);
    const settled = () => inFlight.set(this, (inFlight.get(this) ?? 1) - 1);
    // A query given a callback answers through it (no promise); the others answer a promise.
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (...r: unknown[]) => {
        settled();
        return (callback as (...a: unknown[]) => unknown)(...r);
      };
    }
    const result = (original as (...a: unknown[]) => unknown).apply(this, args) as Promise<unknown> | undefined;
    if (typeof callback !== 'function') result?.then(settled, settled);
    return result;
  } as typeof proto.query;
  return {
    get count() {
      return count;
    },
    restore: () => {
      proto.query = original;
    },
  };
}
