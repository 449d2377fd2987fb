import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { LIFECYCLE_WORKFLOW_TYPES, WORKFLOW_TYPES } from '@lianxu/workflows';

// Every recorded history (test/fixtures/histories, written by lifecycle-time-skipping.test.ts with
// RECORD_HISTORIES=1) replayed against the workflow code of this run: a change that would break
// running workflows (a reordered or removed activity, a new timer, a changed signal flow) fails here
// with a DeterminismViolationError. Such a change needs `patched()` and a newly recorded history.

Runtime.install({ logger: new DefaultLogger('WARN') });

const HISTORIES_DIR = path.resolve(import.meta.dirname, '../../fixtures/histories');

interface RecordedHistory {
  file: string;
  workflowType: string;
  history: { events: { workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string } } }[] };
}

const histories: RecordedHistory[] = readdirSync(HISTORIES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => {
    const history = JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) as RecordedHistory['history'];
    const workflowType = history.events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '';
    return { file, workflowType, history };
  });

describe('replay of recorded histories', () => {
  it('has at least one history of every workflow the worker runs', () => {
    const workflows = [...Object.values(LIFECYCLE_WORKFLOW_TYPES), ...Object.values(WORKFLOW_TYPES)].sort();
    expect([...new Set(histories.map((h) => h.workflowType))].sort()).toEqual(workflows);
  });

  it.each(Object.values({ ...LIFECYCLE_WORKFLOW_TYPES, ...WORKFLOW_TYPES }))('replays every history of %s deterministically', async (type) => {
    const mine = histories.filter((h) => h.workflowType === type);
    expect(mine.length).toBeGreaterThan(0);
    const results = Worker.runReplayHistories(
      { workflowBundle: { code: readFileSync(inject('workflowBundlePath'), 'utf8') } },
      mine.map((h) => ({ workflowId: h.file, history: h.history })),
    );
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of results) {
      replayed++;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.name}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(mine.length);
  });
});
