import type { Resource } from 'solid-js';

/**
 * The resource's value, or the last one it had, never throwing. Solid's `resource.latest` throws
 * the error once a fetch fails; a page that refreshes itself should keep showing its last answer
 * beside the error instead of losing it (and must not throw from a timer).
 */
export function lastGood<T>(resource: Resource<T>): () => T | undefined {
  let last: T | undefined;
  return () => {
    if (resource.state === 'errored') return last;
    const value = resource.latest;
    if (value !== undefined) last = value;
    return value ?? last;
  };
}
