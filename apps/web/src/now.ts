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

/** Today as YYYY-MM-DD in the browser's time zone (the default of date fields). */
export function todayLocal(now: Date = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}
