/**
 * A drain that never runs twice at once: called while one runs, it asks for one more pass right
 * after (however many calls came meanwhile) and answers the running one's promise. `current()` is
 * the running pass, for a stop that waits for it. A failed pass is reported, not thrown.
 */
export function coalescingDrain(pass: () => Promise<void>, options: { stopped: () => boolean; onError: (error: Error) => void }) {
  let draining: Promise<void> | null = null;
  let again = false;
  function drain(): Promise<void> {
    if (draining) {
      again = true;
      return draining;
    }
    draining = (async () => {
      try {
        do {
          again = false;
          await pass();
        } while (again && !options.stopped());
      } catch (error) {
        options.onError(error as Error);
      } finally {
        draining = null;
      }
    })();
    return draining;
  }
  return { drain, current: () => draining };
}
