import { createSignal } from 'solid-js';
import { createAsync, revalidate } from '@solidjs/router';

export { action, query, revalidate, useAction } from '@solidjs/router';

/** What a page shows of a load: the latest answer (kept while a later load fails) and the last load's error. */
export type Loaded<T> = {
  /** The latest answer; after a failed reload, still the one before it. */
  value: () => T | undefined;
  /** Why the last load failed (undefined when it did not). */
  error: () => unknown;
  /** Whether the first answer (or failure) has come. */
  settled: () => boolean;
  /** Whether a load is running (the first one or a reload). */
  pending: () => boolean;
};

type Settled<T> = { value: T | undefined; error: unknown };

/**
 * Loads through a router query (`query(fn, name)`) with `createAsync`, for pages that show a
 * failure beside what they had instead of throwing to an error boundary. `source` returns the
 * query's promise, or undefined when there is nothing to load (no access). Actions revalidate the
 * queries (router default), and a page reloads with `revalidate(theQuery.key)`; a 401 anywhere is
 * handled once, in the API client.
 */
export function createLoaded<T>(source: () => Promise<T> | undefined): Loaded<T> {
  const [pending, setPending] = createSignal(false);
  const result = createAsync<Settled<T> | undefined>(async (previous) => {
    const loading = source();
    if (!loading) return undefined;
    setPending(true);
    try {
      return { value: await loading, error: undefined };
    } catch (error) {
      return { value: previous?.value, error };
    } finally {
      setPending(false);
    }
  });
  // `latest`: never suspends the page; the previous answer stays on screen while a reload runs.
  return {
    value: () => result.latest?.value,
    error: () => result.latest?.error,
    settled: () => result.latest !== undefined,
    pending,
  };
}

/** Reloads the given queries (all of them without an argument). */
export function reload(...queries: { key: string }[]): Promise<void> {
  return revalidate(queries.length ? queries.map((q) => q.key) : undefined);
}
