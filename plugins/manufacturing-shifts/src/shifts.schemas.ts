import { z } from 'zod';

// The answers of the attendance and report routes, for /api/openapi.json (and the web pages' generated types).

const hours = z.string().describe('hours with two decimals, e.g. "8.50"');
const MonthTotal = z.object({ employeeId: z.string(), month: z.string(), regularHours: hours, overtimeHours: hours, days: z.number().int() });

export const ImportAnswer = z.object({ importId: z.string(), rows: z.number().int(), employees: z.number().int(), months: z.array(MonthTotal) });

export const AttendanceRecordsAnswer = z.object({
  created: z.number().int(),
  unchanged: z.number().int(),
  importId: z.string().nullable(),
  records: z.array(z.object({ recordId: z.string(), status: z.enum(['created', 'unchanged']) })),
  months: z.array(MonthTotal),
});

export const OvertimeAnswer = z.object({ month: z.string(), items: z.array(MonthTotal.extend({ name: z.string() })) });

export const HeadcountAnswer = z.object({
  month: z.string(),
  items: z.array(
    z.object({
      entityName: z.string(),
      creditCode: z.string(),
      cityCode: z.string(),
      cityName: z.string().nullable(),
      headcount: z.number().int(),
      hired: z.number().int(),
      left: z.number().int(),
    }),
  ),
});
