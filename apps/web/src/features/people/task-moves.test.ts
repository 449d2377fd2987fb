import { describe, expect, it } from 'vitest';
import { movedToClosed } from './task-moves';
import type { FilingTask } from './people.api';

const task = (id: string) => ({ id, employeeName: id }) as FilingTask;

describe('which tasks the tasks page announces as moved', () => {
  it('announces a task that was open and is now closed, and nothing else', () => {
    expect(movedToClosed([task('a'), task('b')], { closed: [task('b'), task('c')] }).map((t) => t.id)).toEqual(['b']);
  });

  it('announces nothing on the first load or when nothing moved', () => {
    expect(movedToClosed([], { closed: [task('a')] })).toEqual([]);
    expect(movedToClosed([task('a')], { closed: [task('c')] })).toEqual([]);
  });
});
