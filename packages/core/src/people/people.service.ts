import { createTaskService } from '../coverage/index';
import { createFilingSheetService } from '../filing/index';
import { createInboxService } from '../notifications/index';
import type { ImportRow } from './employee-workbook';
import { customFieldDefinitions, getEmployee, listEntities, revealIdNumber, updateCustomFields } from './employee-read.use-case';
import { exportEmployees, listEmployees } from './employee-list.use-case';
import { importEmployees } from './employee-import.use-case';
import { hire } from './hire.use-case';
import { previewHire } from './hire-preview.use-case';
import { resubmit } from './correction.use-case';
import { terminate } from './termination.use-case';
import { previewTermination } from './termination-preview.use-case';
import { transfer } from './transfer.use-case';
import { previewTransfer } from './transfer-preview.use-case';
import { changeWage } from './wage.use-case';
import type {
  EmployeeListQuery,
  HireInput,
  PeopleActor,
  PeopleServiceDeps,
  PeopleTenant,
  ResubmitCorrections,
  TerminationInput,
  TransferInput,
  WageChangeInput,
} from './people.types';

/**
 * What the API calls for people and their filings: the people module's use cases (employees and
 * their employment events, each recorded once per idempotency key), composed with the coverage
 * module's task actions, the notifications inbox and the filing sheet. One facade so routes keep
 * one dependency; each use case lives in its own file.
 */
export function createPeopleService(deps: PeopleServiceDeps) {
  const tasks = createTaskService(deps);
  const inbox = createInboxService(deps);
  const sheets = createFilingSheetService(deps);
  return {
    listEntities: (tenant: PeopleTenant) => listEntities(deps, tenant),
    hire: (tenant: PeopleTenant, actor: PeopleActor, input: HireInput, idempotencyKey?: string) => hire(deps, tenant, actor, input, idempotencyKey),
    previewHire: (tenant: PeopleTenant, input: HireInput) => previewHire(deps, tenant, input),
    updateCustomFields: (tenant: PeopleTenant, actor: PeopleActor, employeeId: string, input: unknown) => updateCustomFields(deps, tenant, actor, employeeId, input),
    importEmployees: (tenant: PeopleTenant, actor: PeopleActor, rows: ImportRow[], headers: Record<string, string>) => importEmployees(deps, tenant, actor, rows, headers),
    terminate: (tenant: PeopleTenant, actor: PeopleActor, employeeId: string, input: TerminationInput, idempotencyKey?: string) => terminate(deps, tenant, actor, employeeId, input, idempotencyKey),
    previewTermination: (tenant: PeopleTenant, employeeId: string, input: TerminationInput) => previewTermination(deps, tenant, employeeId, input),
    transfer: (tenant: PeopleTenant, actor: PeopleActor, employeeId: string, input: TransferInput, idempotencyKey?: string) => transfer(deps, tenant, actor, employeeId, input, idempotencyKey),
    previewTransfer: (tenant: PeopleTenant, employeeId: string, input: TransferInput) => previewTransfer(deps, tenant, employeeId, input),
    changeWage: (tenant: PeopleTenant, actor: PeopleActor, employeeId: string, input: WageChangeInput, idempotencyKey?: string) => changeWage(deps, tenant, actor, employeeId, input, idempotencyKey),
    customFieldDefinitions: (tenant: PeopleTenant) => customFieldDefinitions(deps, tenant),
    get: (tenant: PeopleTenant, employeeId: string) => getEmployee(deps, tenant, employeeId),
    list: (tenant: PeopleTenant, query: EmployeeListQuery = {}) => listEmployees(deps, tenant, query),
    exportRows: (tenant: PeopleTenant, actor: PeopleActor, query: Omit<EmployeeListQuery, 'page' | 'pageSize' | 'sort'> = {}) => exportEmployees(deps, tenant, actor, query),
    revealIdNumber: (tenant: PeopleTenant, actor: PeopleActor, employeeId: string) => revealIdNumber(deps, tenant, actor, employeeId),
    resubmit: (tenant: PeopleTenant, actor: PeopleActor, taskId: string, corrections: ResubmitCorrections = {}) => resubmit(deps, tenant, actor, taskId, corrections),
    listTasks: tasks.listTasks,
    approve: tasks.approve,
    enterReceipt: tasks.enterReceipt,
    markFiledByHand: tasks.markFiledByHand,
    listNotifications: inbox.listNotifications,
    markRead: inbox.markRead,
    listSmsOutbox: inbox.listSmsOutbox,
    filingSheet: sheets.filingSheet,
  };
}
export type PeopleService = ReturnType<typeof createPeopleService>;
