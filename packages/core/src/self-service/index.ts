// Employee self-service: links between users and employee records, the employee's own pages
// (coverage, contributions, continuity, what if I leave, requests, notices), confined by withEmployee.
export * from './self-service.errors';
export { createSelfService, type EmployeeLink, type SelfService, type SelfServiceRequest } from './self-service.service';
export type { EmployeeProfile } from './self-service.history';
