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
 * Today's business date, YYYY-MM-DD in Asia/Shanghai (the default of date fields). Business dates
 * are Shanghai calendar dates whatever the browser's zone: between 16:00 and 24:00 UTC a browser in
 * Europe would otherwise offer yesterday, before a hire made "today".
 */
export function todayLocal(now: Date = new Date()): string {
  return SHANGHAI_DATE.format(now);
}
