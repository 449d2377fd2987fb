// Coverage: filing tasks (the only writer of filing_tasks), the housing fund's filings (fund_filings), coverage periods, the outbox and its
// dispatcher, the reconciler, and the lifecycle workflows' activities.
export * from './filing-tasks';
export * from './fund-filings';
export * from './task.service';
export * from './filed-by-hand';
export * from './lifecycle.activities';
export * from './outbox.dispatcher';
export * from './stop-notice';
