/**
 * Moves focus to a confirmation dialog's cancel button once it has opened: a destructive question
 * answered with Enter must keep things as they are. (The dialog itself focuses its first button,
 * the confirm one, when it opens; this runs after that.)
 */
export function focusSafeButton(dialogTestId: string): void {
  setTimeout(() => document.querySelector<HTMLButtonElement>(`[data-testid="${dialogTestId}-cancel"]`)?.focus(), 0);
}
