// Intake: candidate intakes (入职登记表 links) from offers or recruiting systems' pushes, the public
// form behind a tokenized single-use link, HR's review and the confirmed hire through the people
// module. The only writer of candidate_intakes.
export * from './intake.types';
export * from './intake.errors';
export { assessGap, monthsBetween } from './intake.gap';
export { MAX_START_DAYS_BACK } from './intake.checks';
export { createIntakeService, type Delivery, type IntakeService } from './intake.service';
