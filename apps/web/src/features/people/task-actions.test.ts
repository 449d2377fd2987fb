import { describe, expect, it } from 'vitest';
import { taskAction } from './task-actions';

const now = Date.parse('2026-12-06T04:00:00Z');
const task = { open: true, status: 'submitting', gateway: 'bureau-sim', approvedBy: null, deadline: '2026-12-20T16:00:00.000Z' } as const;
const overdue = { ...task, deadline: '2026-12-01T16:00:00.000Z' };

describe('what HR can do with a filing task', () => {
  it('approves a pending enrollment once', () => {
    expect(taskAction({ ...task, status: 'pending_approval' }, now)).toBe('approve');
    expect(taskAction({ ...task, status: 'pending_approval', approvedBy: 'u1' }, now)).toBeNull();
  });

  it('enters a receipt only for a submitted filing made by hand', () => {
    expect(taskAction({ ...task, status: 'submitted', gateway: 'filing-file' }, now)).toBe('receipt');
    expect(taskAction({ ...task, status: 'submitted', gateway: 'bureau-sim' }, now)).toBeNull();
  });

  it('resubmits a rejected filing, and offers nothing on closed or running ones', () => {
    expect(taskAction({ ...task, status: 'rejected' }, now)).toBe('resubmit');
    expect(taskAction({ ...task, status: 'rejected', open: false }, now)).toBeNull();
    expect(taskAction({ ...task, status: 'confirmed', open: false }, now)).toBeNull();
    expect(taskAction(task, now)).toBeNull();
  });

  it('offers the overdue actions on an open task past its deadline, stops too, but never on a closed one', () => {
    expect(taskAction(overdue, now)).toBe('overdue');
    expect(taskAction({ ...overdue, status: 'submitted', gateway: 'filing-file' }, now)).toBe('overdue');
    expect(taskAction({ ...overdue, open: false, status: 'confirmed' }, now)).toBeNull();
    // A rejection is fixed first: the correction is the way to file.
    expect(taskAction({ ...overdue, status: 'rejected' }, now)).toBe('resubmit');
    expect(taskAction({ ...task, deadline: null }, now)).toBeNull();
  });
});
