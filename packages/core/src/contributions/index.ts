// Contributions: the contribution base of a filing, a step of its own run once before filing (wage, the plugins' contributionBase hook, the policy's floor and cap; recorded through coverage).
export * from './contribution-base';
// Expected contribution lines of an entity, city and month (coverage periods x policy engine).
export * from './expected-lines';
// The same lines staged in PostgreSQL for the monthly close's set-based match.
export { stageExpectedLines, type StagedExpectedLines } from './expected-lines.stage';
// Contributions over time: one employee's monthly lines, the tenant's cost per month and city.
export { contributionCostByCity, employeeContributions, type CityMonthCost, type EmployeeContributionLine, type EmployeeContributions } from './contribution-history';
