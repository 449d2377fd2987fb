import { describe, expect, it } from 'vitest';
import { taskAction } from './task-actions';

const task = { open: true, status: 'submitting', gateway: 'bureau-sim', approvedBy: null } as const;

describe('what HR can do with a filing task', () => {
  it('approves a pending enrollment once', () => {
    expect(taskAction({ ...task, status: 'pending_approval' })).toBe('approve');
    expect(taskAction({ ...task, status: 'pending_approval', approvedBy: 'u1' })).toBeNull();
  });

  it('enters a receipt only for a submitted filing made by hand', () => {
    expect(taskAction({ ...task, status: 'submitted', gateway: 'filing-file' })).toBe('receipt');
    expect(taskAction({ ...task, status: 'submitted', gateway: 'bureau-sim' })).toBeNull();
  });

  it('resubmits a rejected filing, and offers nothing on closed or running ones', () => {
    expect(taskAction({ ...task, status: 'rejected' })).toBe('resubmit');
    expect(taskAction({ ...task, status: 'rejected', open: false })).toBeNull();
    expect(taskAction({ ...task, status: 'confirmed', open: false })).toBeNull();
    expect(taskAction(task)).toBeNull();
  });
});
