import type { FilingTask } from './people.api';

/**
 * The tasks that were open before a refresh and are now among the recently closed: the ones the
 * page announces. Tasks seen for the first time are not news (they were closed before the page
 * looked); nothing is announced on the first load, when nothing was shown yet.
 */
export function movedToClosed(shownOpen: readonly Pick<FilingTask, 'id'>[], latest: { closed: readonly FilingTask[] }): FilingTask[] {
  if (!shownOpen.length) return [];
  const wasOpen = new Set(shownOpen.map((task) => task.id));
  return latest.closed.filter((task) => wasOpen.has(task.id));
}
