import { createSignal, onCleanup } from 'solid-js';

/** The current time (ms), ticking every `everyMs`, for live countdowns; stops with its owner. */
export function useNow(everyMs = 1000): () => number {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), everyMs);
  onCleanup(() => clearInterval(timer));
  return now;
}

/** Runs `refresh` every `everyMs` while its owner lives; skipped while the tab is hidden. */
export function useRefresh(refresh: () => void, everyMs: number): void {
  const timer = setInterval(() => {
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
    refresh();
  }, everyMs);
  onCleanup(() => clearInterval(timer));
}

const SHANGHAI_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * Today's business date (YYYY-MM-DD in Asia/Shanghai, as the API and the bureaus count days), the
 * default of date fields: a browser elsewhere, or before 08:00 UTC, must not offer yesterday.
 */
export function businessToday(now: Date = new Date()): string {
  return SHANGHAI_DATE.format(now);
}
