// The annual (July) base adjustment: the preview per employee (last year's average wage clamped to
// the new floor and cap), HR's decision, the declared bases from the effective month and the 补差
// lines for months already closed on the old base; and the settlement of provisional (carried-forward)
// figures once a revision publishes them (base-adjustment.settle.ts). Only this module writes base_adjustments,
// base_adjustment_lines and declared_bases.
export { createBaseAdjustmentActivities, type BaseAdjustmentActivitiesDeps } from './base-adjustment.activities';
export { BaseAdjustmentError, adjustmentDecided, adjustmentNotFound, adjustmentNotWaiting } from './base-adjustment.errors';
export { newPolicyRecord } from './base-adjustment.prepare';
export { baseAdjustmentView, listBaseAdjustments, type BaseAdjustmentLineView, type BaseAdjustmentSummary, type BaseAdjustmentView, type SettlementLineView } from './base-adjustment.views';
export { AUDIT_BASE_CHANGE_SHEET_EXPORTED, baseChangeFilingSheet } from './base-adjustment.sheet';
// Start, decide and schedule the base-adjustment workflows (Temporal client side; contracts in @lianxu/workflows).
export { decideBaseAdjustment, ensureBaseAdjustmentCheckSchedule, startBaseAdjustment } from './base-adjustment.client';
