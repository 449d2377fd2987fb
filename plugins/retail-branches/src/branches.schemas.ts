import { z } from 'zod';

// The answers of the branch routes, for /api/openapi.json (and the web pages' generated types).

const Localized = z.object({ 'zh-CN': z.string(), en: z.string() });

export const BranchAnswer = z.object({
  id: z.string(),
  name: z.string(),
  cityCode: z.string(),
  address: z.string(),
  managerName: z.string(),
  managerMobile: z.string().nullable(),
  headcount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const BranchSummaryAnswer = z.object({
  branchId: z.string(),
  name: z.string(),
  cityCode: z.string(),
  headcount: z.number().int(),
  covered: z.number().int(),
  uncovered: z.number().int(),
  cost: z.object({
    month: z.string(),
    employerFen: z.number().int().describe('integer fen'),
    employeeFen: z.number().int().describe('integer fen'),
    totalFen: z.number().int().describe('integer fen'),
    provisional: z.boolean(),
    unpriced: z.array(z.object({ employeeId: z.string(), reason: z.string() })),
    missing: z.array(z.object({ insurance: z.string(), year: z.number().int() })).describe('policy data missing for the city and month; when not empty, the totals are not the month\'s cost'),
    carriedFrom: z.number().int().nullable().describe('the oldest policy year carried forward into the month (provisional figures)'),
  }),
  openTasks: z.object({ total: z.number().int(), enrollment: z.number().int(), stop: z.number().int() }),
});

export const BranchEmployeeAnswer = z.object({
  employeeId: z.string(),
  name: z.string(),
  workCity: z.string(),
  status: z.enum(['active', 'terminated']),
  since: z.string(),
});

const AssignmentStatus = z.enum(['assigned', 'transfer_started', 'unchanged', 'failed']);

export const BulkAssignmentAnswer = z.object({
  results: z.array(
    z.object({
      employeeId: z.string(),
      status: AssignmentStatus,
      fromBranchId: z.string().nullable(),
      fromCity: z.string(),
      toCity: z.string(),
      error: z.object({ code: z.string(), message: Localized, fields: z.record(z.string(), Localized).optional() }).optional(),
    }),
  ),
  counts: z.object({ assigned: z.number().int(), transfer_started: z.number().int(), unchanged: z.number().int(), failed: z.number().int() }),
});

export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
