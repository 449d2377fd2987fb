// Coverage: filing tasks (the only writer of filing_tasks), coverage periods, the outbox and its
// dispatcher, the reconciler, and the lifecycle workflows' activities.
export * from './filing-tasks';
export * from './task.service';
export * from './lifecycle.activities';
export * from './outbox.dispatcher';
export * from './stop-notice';
