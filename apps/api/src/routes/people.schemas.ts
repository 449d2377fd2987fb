import { z } from '@hono/zod-openapi';
import { businessDate, text } from '@lianxu/plugin-sdk';
import { LocalizedSchema } from './localized.schema';

// Schemas of the people, tasks and notification routes (also their OpenAPI document). Shapes, the
// SDK's one text rule (stored free text) and business-date type (dates within 1900..2100); the
// people service checks meaning (check digits, hire-date window, cities) and names the field at fault.

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.string()).optional() }) })
  .openapi('Error');

/** Values of the tenant's custom fields by key; the people service checks them against the definitions. */
export const CustomFieldValuesSchema = z
  .record(z.string().max(64), z.unknown())
  .openapi('CustomFieldValues', {
    description: 'values by field key: text, number, YYYY-MM-DD, a choice value, a list of choice values, true/false; null removes a value (PATCH). A bad value is a 400 naming customFields.<key>',
    example: { job_type: 'welder', team: '焊接二班', special_work_type: true },
  });

const date = (example: string, description: string) => businessDate().openapi({ example, description, format: 'date' });
const cityCode = z.string().max(16).openapi({ example: '310100', description: 'GB/T 2260 city code (6 digits); must be in the policy library and registered for the entity' });
const yuan = (example: string) => z.string().max(32).openapi({ example, description: 'yuan as a decimal string, at most 2 decimals' });

export const HireBody = z
  .object({
    entityId: z.string().max(64).nullish().openapi({ description: 'employing entity; optional when the tenant has exactly one' }),
    name: text({ max: 200 }).openapi({ example: '张伟' }),
    idNumber: z.string().max(64).openapi({ example: '11010519491231002X', description: 'resident ID number (GB 11643); stored encrypted, never returned' }),
    mobile: z.string().max(32).openapi({ example: '13812345678', description: 'mainland China mobile (11 digits), for SMS' }),
    hukou: z.enum(['local', 'non-local']),
    workCity: cityCode,
    hireDate: date('2026-03-02', 'first working day, YYYY-MM-DD; at most 90 days ahead'),
    monthlyWage: yuan('8500.00'),
    customFields: CustomFieldValuesSchema.optional(),
  })
  .strict()
  .openapi('HireRequest');

export const TerminationBody = z
  .object({
    lastWorkingDay: date('2026-03-24', 'last working day, YYYY-MM-DD; not before the hire date'),
    reason: text({ max: 500, multiline: true }).openapi({ example: '个人原因辞职' }),
  })
  .strict()
  .openapi('TerminationRequest');


export const TerminationPreviewSchema = z
  .object({
    employeeId: z.string(),
    name: z.string(),
    cityCode: z.string(),
    cityName: z.string(),
    lastWorkingDay: z.string(),
    lastContributionMonth: z.string().openapi({ description: 'last month the employer contributes (YYYY-MM), by the city\'s cut-off day', example: '2026-02' }),
    cutoffDay: z.number().int(),
    stopDeadline: z.string().openapi({ description: 'the stop must reach the bureau by this day (the cut-off day of the month after), or that month is charged too' }),
    stopDeadlinePassed: z.boolean(),
    monthlyCost: z.object({
      month: z.string(),
      wage: z.string(),
      employer: z.string().nullable().openapi({ description: 'employer contributions that stop, yuan; null when the policy library cannot price the month' }),
      employee: z.string().nullable(),
      provisional: z.boolean().openapi({ description: 'some figure is carried forward from an earlier policy year' }),
      unavailable: LocalizedSchema.nullable().openapi({ description: 'why no amount is given (the data missing)' }),
    }),
    sms: z.object({ to: z.string().openapi({ description: 'masked mobile' }), text: z.string().openapi({ description: 'the SMS sent once the bureau confirms the stop; the receipt number is filled in then' }) }),
  })
  .openapi('TerminationPreview');

const MonthlyCostSchema = TerminationPreviewSchema.shape.monthlyCost;
const AmountsSchema = z.object({ employer: z.string(), employee: z.string() }).nullable();

export const TransferPreviewSchema = z
  .object({
    employeeId: z.string(),
    name: z.string(),
    effectiveDate: z.string(),
    from: z.object({
      cityCode: z.string(),
      cityName: z.string(),
      lastContributionMonth: z.string().openapi({ description: 'last month contributed in the old city (YYYY-MM)' }),
      stopDeadline: z.string().openapi({ description: 'the stop must reach the old city\'s bureau by this day' }),
      stopDeadlinePassed: z.boolean(),
      monthlyCost: MonthlyCostSchema,
    }),
    to: z.object({
      cityCode: z.string(),
      cityName: z.string(),
      firstContributionMonth: z.string().openapi({ description: 'first month contributed in the new city (YYYY-MM)' }),
      enrollmentDeadline: z.string().openapi({ description: 'last day of the enrollment\'s legal deadline in the new city' }),
      monthlyCost: MonthlyCostSchema,
    }),
    insurances: z.array(z.object({ insurance: z.string(), from: AmountsSchema, to: AmountsSchema })).openapi({ description: 'per insurance, the month\'s amounts in each city; null where that city\'s month cannot be priced' }),
    costChange: z.object({ employer: z.string(), employee: z.string() }).nullable().openapi({ description: 'new minus old monthly contributions, yuan; null when either month cannot be priced' }),
    sms: z.object({ to: z.string(), text: z.string().openapi({ description: 'the SMS sent once the old city confirms the stop' }) }),
  })
  .openapi('TransferPreview');

const YuanOrNull = (description: string) => z.string().nullable().openapi({ description });

export const HirePreviewSchema = z
  .object({
    name: z.string(),
    entityId: z.string(),
    entityName: z.string(),
    cityCode: z.string(),
    cityName: z.string(),
    hireDate: z.string(),
    firstContributionMonth: z.string().openapi({ description: 'the enrollment (增员) covers contributions from this month, YYYY-MM (the hire month)', example: '2026-03' }),
    base: YuanOrNull('social insurance contribution base, yuan (the wage within the city\'s floor and cap); null when the policy library cannot price the month'),
    monthlyCost: MonthlyCostSchema,
    deadline: z.object({
      date: z.string().openapi({ description: 'the enrollment must be filed by this day: 30 days from the hire date' }),
      law: z.string().openapi({ example: '社会保险法 第58条' }),
      daysUsed: z.number().int().openapi({ description: 'days of the 30 already gone' }),
      daysLeft: z.number().int(),
      daysOverdue: z.number().int(),
      passed: z.boolean(),
    }),
    exposure: z
      .object({
        months: z.array(z.string()).openapi({ description: 'months owed so far, from the hire month to this month' }),
        owed: YuanOrNull('employer and employee contributions of those months'),
        lateFee: YuanOrNull('滞纳金 to today: 0.05% a day on each month from the day after it was due (社会保险法 第86条)'),
        fineMin: YuanOrNull('fine range on the amount owed: one to three times it (社会保险法 第84条)'),
        fineMax: YuanOrNull('upper end of the fine range'),
        lateFeeLaw: z.string(),
        fineLaw: z.string(),
        unavailable: LocalizedSchema.nullable().openapi({ description: 'why no amount is given (the data missing)' }),
      })
      .nullable()
      .openapi({ description: 'only once the deadline has passed: what the late enrollment exposes the employer to' }),
    housingFund: z.boolean().openapi({ description: 'a housing fund 缴存登记 is recorded too, filed by HR with the city\'s fund centre' }),
  })
  .openapi('HirePreview');

export const TransferBody = z
  .object({ workCity: cityCode, effectiveDate: date('2026-05-01', 'first day in the new city, YYYY-MM-DD') })
  .strict()
  .openapi('TransferRequest');

export const WageBody = z
  .object({
    monthlyWage: yuan('9200.00'),
    effectiveFrom: date('2026-07-01', 'YYYY-MM-DD'),
    settleLockedMonths: z.boolean().optional().openapi({
      description: 'a change dated back into a locked month priced on the wage is refused (409 month_locked) unless true: then each locked month\'s difference becomes 补差/退费 adjustment lines, with the late fee, in the current month',
    }),
  })
  .strict()
  .openapi('WageChangeRequest');

/** A payroll system's monthly wage, idempotent by its own record id (a different body under the same id is 409). */
export const PayrollWageBody = z
  .object({
    recordId: text({ max: 200 }).openapi({ description: "the payroll system's record id: sent again, nothing changes", example: 'payroll-2026-07-000123' }),
    employeeId: z.string().uuid().openapi({ example: '0f0c6a4e-5b1d-4b8e-9a57-2f1d3c4b5a69' }),
    ...WageBody.shape,
  })
  .strict()
  .openapi('PayrollWageRequest');

export const ReceiptBody = z.object({ receiptNo: text({ max: 200 }).openapi({ example: 'SH-2026-000123' }) }).strict().openapi('ReceiptRequest');

export const ResubmitBody = z
  .object({ name: text({ max: 200 }).optional(), idNumber: z.string().max(64).optional() })
  .strict()
  .openapi('ResubmitRequest', { description: 'corrections of the data the bureau rejected; both optional' });

export const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().optional().openapi({
    description: 'A repeat with the same key and body returns the first answer (header Idempotent-Replayed: true); another body with the same key is 409',
    example: '4f1c2a0e-hire-zhangwei',
  }),
});

const TaskStatus = z.enum(['pending_approval', 'submitting', 'submitted', 'confirmed', 'rejected', 'cancelled']);

export const TaskSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['enrollment', 'stop']),
    status: TaskStatus,
    open: z.boolean(),
    month: z.string().openapi({ description: 'enrollment: first covered month; stop: last covered month (YYYY-MM)' }),
    cityCode: z.string(),
    gateway: z.enum(['bureau-sim', 'filing-file']),
    workflowId: z.string(),
    deadline: z.string().nullable().openapi({ description: 'instant the legal deadline passes (ISO)' }),
    deadlineDate: z.string().nullable().openapi({ description: 'last day of the legal deadline (Asia/Shanghai)' }),
    daysLeft: z.number().int().nullable(),
    receiptNo: z.string().nullable(),
    rejection: z.object({ code: z.string(), message: z.string(), messageEn: z.string().optional().openapi({ description: 'the same in English where Lianxu itself refused the filing; a bureau\'s own words are in Chinese only' }) }).nullable(),
    approvedBy: z.string().nullable(),
    heldBack: LocalizedSchema.nullable().openapi({ description: 'held back during a dual run in shadow mode: the old system files it with the bureau; Lianxu computed it (base and filing) but did not send it, and never will' }),
    filedByHand: z
      .object({ receiptNo: z.string(), filedOn: z.string(), by: z.string().nullable(), at: z.string() })
      .nullable()
      .openapi({ description: "an online task HR filed by hand at the bureau's counter: the counter's receipt and day (YYYY-MM-DD), who recorded it and when; the workflow then closes the task as confirmed" }),
    employeeId: z.string(),
    employeeName: z.string(),
    createdAt: z.string(),
  })
  .openapi('FilingTask');

export const FundFilingSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['open', 'seal']).openapi({ description: 'open: 缴存登记 (a hire, or a move into the city); seal: 封存 (leaving the city or the company)' }),
    cityCode: z.string(),
    month: z.string().openapi({ description: 'open: first month paid to the fund; seal: last month (YYYY-MM)' }),
    dueDate: z.string().openapi({ description: 'last day of the legal 30 days (住房公积金管理条例 第15条), YYYY-MM-DD' }),
    daysLeft: z.number().int().nullable().openapi({ description: 'days from today to the due date, negative when overdue; null once filed' }),
    status: z.enum(['to_file', 'filed']),
    receiptNo: z.string().nullable().openapi({ description: "the fund centre's receipt, entered by HR" }),
    filedOn: z.string().nullable(),
    employeeId: z.string(),
    employeeName: z.string(),
    createdAt: z.string(),
  })
  .openapi('FundFiling');

export const FiledByHandBody = z
  .object({
    receiptNo: z.string().optional().openapi({ description: "the receipt number the bureau's counter gave (1-64 characters)" }),
    filedOn: z.string().optional().openapi({ description: 'the day the bureau accepted it, YYYY-MM-DD (default today; not in the future)' }),
  })
  .strict()
  .openapi('FiledByHand');

export const FundFiledBody = z
  .object({
    receiptNo: z.string().optional().openapi({ description: "the fund centre's receipt number (1-64 characters)" }),
    filedOn: z.string().optional().openapi({ description: 'the day it was filed, YYYY-MM-DD (default today; not in the future)' }),
  })
  .strict()
  .openapi('FundFiled');

const summaryShape = {
  id: z.string(),
  entityId: z.string(),
  name: z.string(),
  mobile: z.string().openapi({ description: 'masked: 138****5678' }),
  idNumberMasked: z.string().openapi({ example: '110***********002X' }),
  hukou: z.enum(['local', 'non-local']),
  workCity: z.string(),
  hireDate: z.string(),
  terminationDate: z.string().nullable(),
  status: z.enum(['active', 'terminated']),
  monthlyWage: z.string(),
  customFields: CustomFieldValuesSchema,
};

export const EmployeeSummarySchema = z.object(summaryShape).openapi('EmployeeSummary');

export const EmployeeSchema = z
  .object({
    ...summaryShape,
    wageHistory: z.array(z.object({ effectiveFrom: z.string(), monthlyWage: z.string() })),
    coverage: z.array(z.object({ cityCode: z.string(), startMonth: z.string(), endMonth: z.string().nullable() })),
    enrollment: z
      .object({
        status: TaskStatus,
        deadline: z.string().nullable(),
        deadlineDate: z.string().nullable(),
        bureauReceipt: z.string().nullable(),
        heldBack: LocalizedSchema.nullable().openapi({ description: 'filed by the old system during a dual run in shadow mode (why); null when Lianxu filed or files it' }),
        taskId: z.string(),
        workflowId: z.string(),
        month: z.string(),
        cityCode: z.string(),
      })
      .nullable(),
    tasks: z.array(TaskSchema),
    housingFund: z.array(FundFilingSchema).openapi({ description: "the housing fund's own track: its filings with the city's fund centre, oldest first" }),
    createdAt: z.string(),
  })
  .openapi('Employee');

/** A row of the employee list: the summary and the status of the latest enrollment (null before any). */
export const EmployeeListItemSchema = z
  .object({ ...summaryShape, enrollmentStatus: TaskStatus.nullable() })
  .openapi('EmployeeListItem');

/** A column a plugin adds to the employee list (employeeListColumns), with the value of each listed employee. */
export const PluginColumnSchema = z
  .object({
    pluginId: z.string(),
    key: z.string(),
    label: LocalizedSchema,
    values: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).openapi({ description: 'by employee id; a missing id shows empty' }),
  })
  .openapi('PluginListColumn');

export const EmployeePageSchema = z
  .object({
    items: z.array(EmployeeListItemSchema),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    /** Columns of the tenant's enabled plugins for this page's rows (one call per page). */
    pluginColumns: z.array(PluginColumnSchema),
  })
  .openapi('EmployeePage');

export const EntitySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    creditCode: z.string(),
    registrations: z.array(z.object({ cityCode: z.string(), agency: z.string(), registrationNo: z.string(), gateway: z.enum(['bureau-sim', 'filing-file']) })),
  })
  .openapi('Entity');

export const NotificationSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    subject: z.string(),
    body: z.string(),
    en: z.object({ subject: z.string(), body: z.string() }).nullable().openapi({ description: 'the notice in English where it was written so (null: none)' }),
    taskId: z.string().nullable(),
    task: z
      .object({ kind: z.enum(['enrollment', 'stop']), status: z.string(), open: z.boolean(), employeeName: z.string(), cityCode: z.string(), month: z.string() })
      .nullable()
      .openapi({ description: 'the filing the notice is about, as it is now (null when none)' }),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi('Notification');

export const SmsSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    recipient: z.string().nullable().openapi({ description: 'masked mobile' }),
    body: z.string(),
    status: z.enum(['pending', 'sent', 'failed']),
    provider: z.string().nullable(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi('SmsOutboxMessage');

export const UuidParam = z.object({ id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' } }) });

export const errors = {
  400: { description: 'Invalid input; `fields` names each bad field', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'The role may not do this', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'No such tenant, employee or task (or no access to it)', content: { 'application/json': { schema: ErrorSchema } } },
  409: { description: 'Conflicts with the current state', content: { 'application/json': { schema: ErrorSchema } } },
} as const;
