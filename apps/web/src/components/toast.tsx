import { createSignal, For } from 'solid-js';

type Toast = { id: number; message: string };

const [toasts, setToasts] = createSignal<readonly Toast[]>([]);
let nextId = 0;
// Long enough to read two lines; a screen reader hears it at once through the live region.
const SHOWN_MS = 5000;

/** Says that something worked, briefly, where every page can show it (the shell's toast region). */
export function showToast(message: string): void {
  const id = ++nextId;
  setToasts((list) => [...list, { id, message }]);
  setTimeout(() => setToasts((list) => list.filter((toast) => toast.id !== id)), SHOWN_MS);
}

/** The one place toasts appear: mounted once by the app shell, announced politely. */
export function ToastRegion() {
  return (
    <div class="toast-region" role="status" aria-live="polite" data-testid="toast-region">
      <For each={toasts()}>
        {(toast) => (
          <p class="toast" data-testid="toast">
            {toast.message}
          </p>
        )}
      </For>
    </div>
  );
}
