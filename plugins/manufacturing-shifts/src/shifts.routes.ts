import { Hono } from 'hono';
import { z } from 'zod';
import { businessDate, documentRoutes, parseInput, text, PluginHttpError, pluginRequest, readJson, requirePluginRole, type PluginEnv, type PluginRoutesContext } from '@lianxu/plugin-sdk';
import { checkRows, readCsv, readXlsx, type RawRow } from './attendance.parse';
import { duplicateRecordIds, postAttendanceRecords } from './attendance-records.service';
import { overtimeOfMonth, rowProblemsError, writeAttendance } from './attendance.service';
import { explainBase, type ShiftOptions } from './contribution-base';
import { headcountOfMonth, headcountWorkbook } from './headcount.report';
import { saveShiftForm } from './shifts.form';
import { createPattern, createSchedule, listPatterns, listSchedules, scheduledWithoutCoverage } from './shifts.service';
import type { AttendanceSource } from './shifts.tables';
import { AttendanceRecordsAnswer, HeadcountAnswer, ImportAnswer, OvertimeAnswer } from './shifts.schemas';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');
const uuid = z.uuid();
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time HH:MM');

const NewPattern = z
  .object({
    code: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lowercase letters, digits, _ and -, at most 40'),
    name: text({ max: 50 }),
    shifts: z.array(z.object({ name: text({ max: 20 }), start: hhmm, end: hhmm, hours: z.number().min(0.5).max(24) }).strict()).min(1).max(6),
  })
  .strict();

const NewSchedule = z
  .object({
    employeeId: uuid,
    patternCode: text({ max: 40 }).optional(),
    patternId: uuid.optional(),
    team: text({ max: 50 }).nullable().optional(),
    validFrom: businessDate(),
    validTo: businessDate().nullable().optional(),
  })
  .strict()
  .refine((s) => !!s.patternCode !== !!s.patternId, { message: 'give patternCode or patternId', path: ['patternCode'] })
  .refine((s) => !s.validTo || s.validTo >= s.validFrom, { message: 'must not be before validFrom', path: ['validTo'] });

const AttendanceBody = z
  .object({
    records: z
      .array(
        z
          .object({
            employeeId: uuid,
            date: businessDate(),
            regularHours: z.union([z.number(), z.string()]),
            overtimeHours: z.union([z.number(), z.string()]).optional(),
            shift: text({ max: 20 }).nullable().optional(),
          })
          .strict(),
      )
      .min(1)
      .max(1000),
  })
  .strict();

const hoursValue = z.union([z.number(), z.string()]);

/** Attendance from an attendance system, each record under that system's own id (posting it again changes nothing). */
const AttendanceRecordsBody = z
  .object({
    records: z
      .array(
        z
          .object({
            recordId: text({ max: 100 }).describe("The attendance system's id of this record; the same id with the same body is a retry"),
            employeeId: uuid.optional().describe('The employee (or give mobile)'),
            mobile: z.string().max(20).optional().describe("The employee's mobile number, when employeeId is not given"),
            workDate: businessDate(),
            regularHours: hoursValue.describe('0 to 24, at most two decimals'),
            overtimeHours: hoursValue.optional().describe('0 to 24, at most two decimals (default 0)'),
            shift: text({ max: 20 }).nullable().optional(),
          })
          .strict(),
      )
      .min(1)
      .max(1000),
  })
  .strict();

/** Problems come back as rows[n].column (n from 1); answer in the body's own names, records[n - 1].field. */
function inBodyNames(error: unknown, names: Record<string, string>): unknown {
  if (!(error instanceof PluginHttpError) || !error.fields || error.status !== 400) return error;
  const fields = Object.fromEntries(
    Object.entries(error.fields).map(([key, message]) => {
      const m = /^rows\[(\d+)\]\.(.+)$/.exec(key);
      return [m ? `records[${Number(m[1]) - 1}].${names[m[2]!] ?? m[2]}` : key, message];
    }),
  );
  return PluginHttpError.invalid(fields);
}
const ATTENDANCE_NAMES = { employee_id: 'employeeId', mobile: 'employeeId', regular_hours: 'regularHours', overtime_hours: 'overtimeHours' };
const RECORD_NAMES = { employee_id: 'employeeId', mobile: 'mobile', date: 'workDate', regular_hours: 'regularHours', overtime_hours: 'overtimeHours', record_id: 'recordId' };

const ByMonth = z.object({ month });
const ShiftFormValues = z
  .object({ values: z.object({ pattern: z.string().min(1).max(40).nullable().optional(), team: z.string().trim().min(1).max(50).nullable().optional() }).strict() })
  .strict();
const BaseQuery = z.object({ employeeId: uuid, month }).strict();
const readerRoles = ['tenant_admin', 'hr', 'consultant'] as const;
const writerRoles = ['tenant_admin', 'hr'] as const;
const invalid = { description: 'A field is invalid; `fields` names each (records[n].field for rows)' };

/** What /api/openapi.json says about each route of shiftsRoutes() (one entry per route; a test checks it). */
export const shiftsRouteDocs = documentRoutes([
  { method: 'get', path: '/shift-patterns', summary: 'Shift patterns (the presets and the tenant\'s own)', roles: readerRoles, responses: { 200: { description: '`{items}`: the patterns' } } },
  {
    method: 'post',
    path: '/shift-patterns',
    summary: 'Add a shift pattern',
    roles: writerRoles,
    body: { schema: NewPattern },
    responses: { 201: { description: 'The pattern' }, 400: invalid, 409: { description: 'A pattern with this code exists' } },
  },
  { method: 'get', path: '/schedules', summary: 'Shift schedules, of everyone or of one employee', roles: readerRoles, query: z.object({ employeeId: uuid.optional() }), responses: { 200: { description: '`{items}`: the schedules' }, 400: invalid } },
  { method: 'post', path: '/schedules', summary: 'Put an employee on a shift pattern (and team) from a date', roles: writerRoles, body: { schema: NewSchedule }, responses: { 201: { description: 'The schedule' }, 400: invalid } },
  { method: 'post', path: '/attendance', summary: 'Record attendance (regular and overtime hours per employee and day)', roles: writerRoles, body: { schema: AttendanceBody }, responses: { 201: { description: 'The rows written' }, 400: invalid } },
  {
    method: 'post',
    path: '/attendance-records',
    summary: "Post attendance from an attendance system, idempotent by the system's record id",
    description:
      'All or nothing. A record id posted before with the same body changes nothing (counted as `unchanged`); with another body the batch is refused with 409 naming the record id (post a correction under a new id). A new record for a day already recorded replaces that day. Monthly overtime, which feeds the contribution base, is recomputed as for a file import. Open to API keys with the scope `attendance:write`.',
    roles: writerRoles,
    // Attendance systems post here with a tenant API key.
    apiKeyScope: 'attendance:write',
    body: { schema: AttendanceRecordsBody },
    responses: {
      200: { description: 'Every record was posted before with the same body: nothing changed', schema: AttendanceRecordsAnswer },
      201: { description: 'The new records were written (`created`), the others were already there (`unchanged`)', schema: AttendanceRecordsAnswer },
      400: invalid,
      409: { description: 'A record id was posted before with a different body; `fields` names records[n].recordId' },
    },
  },
  {
    method: 'post',
    path: '/attendance/import',
    summary: 'Import an attendance file (CSV or Excel), as the raw body or a multipart form field `file`',
    roles: writerRoles,
    body: { mediaTypes: ['text/csv', XLSX_TYPE, 'multipart/form-data'], description: 'Columns employee_id (or mobile), date, regular_hours, overtime_hours, shift' },
    responses: { 201: { description: 'The rows written', schema: ImportAnswer }, 400: { description: 'A row is invalid; `fields` names each as rows[n].column' }, 415: { description: 'Neither CSV nor .xlsx' } },
  },
  { method: 'get', path: '/overtime', summary: "Each employee's overtime hours in a month", roles: readerRoles, query: ByMonth, responses: { 200: { description: '`{month, items}`', schema: OvertimeAnswer }, 400: invalid } },
  {
    method: 'get',
    path: '/contribution-base',
    summary: "How the tenant's base rule turns an employee's wage into the contribution base for a month",
    roles: readerRoles,
    query: BaseQuery,
    responses: { 200: { description: 'The base and how it was reached' }, 400: invalid, 404: { description: 'No such employee, or the plugin is not enabled' } },
  },
  {
    method: 'get',
    path: '/reports/headcount.xlsx',
    summary: 'The 用工备案 (employment filing) workbook of a month',
    roles: readerRoles,
    query: ByMonth,
    responses: { 200: { description: 'The workbook', mediaType: XLSX_TYPE }, 400: invalid },
  },
  { method: 'get', path: '/reports/headcount', summary: 'The headcount report of a month, as JSON', roles: readerRoles, query: ByMonth, responses: { 200: { description: '`{month, items}`', schema: HeadcountAnswer }, 400: invalid } },
  {
    method: 'put',
    path: '/employee-form/:employeeId',
    summary: "Save the employee form's shift section: the employee on a pattern and team from today (or the hire date)",
    roles: writerRoles,
    params: z.object({ employeeId: uuid }),
    body: { schema: ShiftFormValues },
    responses: { 200: { description: '`{saved, schedule?}`' }, 400: invalid, 404: { description: 'No such employee' } },
  },
  { method: 'get', path: '/risks', summary: 'People scheduled on shifts today without social insurance coverage', roles: readerRoles, responses: { 200: { description: '`{items}`: the people at risk' } } },
]);

/** An uploaded attendance file: the raw body (text/csv or .xlsx) or a multipart form's `file`. */
async function readUpload(req: Request): Promise<{ content: Buffer; source: 'csv' | 'xlsx'; fileName: string | null }> {
  const type = (req.headers.get('content-type') ?? '').toLowerCase();
  let content: Buffer;
  let fileName: string | null = null;
  let kind = type;
  if (type.startsWith('multipart/form-data')) {
    const form = await req.formData().catch(() => null);
    const file = form?.get('file');
    if (!file || typeof file === 'string') throw PluginHttpError.invalid({ file: { 'zh-CN': '请上传文件（字段名 file）', en: 'upload the file in the field "file"' } });
    content = Buffer.from(await file.arrayBuffer());
    fileName = file.name || null;
    kind = file.name?.toLowerCase().endsWith('.xlsx') ? XLSX_TYPE : file.name?.toLowerCase().endsWith('.csv') ? 'text/csv' : file.type.toLowerCase();
  } else {
    content = Buffer.from(await req.arrayBuffer());
  }
  if (kind.startsWith('text/csv')) return { content, source: 'csv', fileName };
  if (kind.startsWith(XLSX_TYPE)) return { content, source: 'xlsx', fileName };
  throw new PluginHttpError(415, 'unsupported_media_type', {
    'zh-CN': '请上传 CSV（text/csv）或 Excel（.xlsx）文件',
    en: `Upload CSV (text/csv) or Excel (${XLSX_TYPE})`,
  }, { 'content-type': { 'zh-CN': '应为 text/csv 或 Excel', en: `Expected text/csv or ${XLSX_TYPE}` } });
}

/** The plugin's API, mounted under /api/t/{tenant}/plugins/manufacturing-shifts/. */
export function shiftsRoutes({ host }: PluginRoutesContext) {
  const app = new Hono<PluginEnv<ShiftOptions>>();
  const readers = requirePluginRole('tenant_admin', 'hr', 'consultant');
  const writers = requirePluginRole('tenant_admin', 'hr');

  app.get('/shift-patterns', readers, async (c) => {
    const p = pluginRequest(c);
    return c.json({ items: await listPatterns(host, p.tenantId, p.actor.id) });
  });
  app.post('/shift-patterns', writers, async (c) => {
    const p = pluginRequest(c);
    const body = parseInput(NewPattern, await readJson(c));
    return c.json(await createPattern(host, p.tenantId, p.actor.id, body), 201);
  });

  app.get('/schedules', readers, async (c) => {
    const employeeId = c.req.query('employeeId');
    if (employeeId !== undefined) parseInput(uuid, employeeId, 'employeeId');
    return c.json({ items: await listSchedules(host, pluginRequest(c).tenantId, employeeId) });
  });
  app.post('/schedules', writers, async (c) => {
    const p = pluginRequest(c);
    const body = parseInput(NewSchedule, await readJson(c));
    return c.json(await createSchedule(host, p.tenantId, p.actor.id, body), 201);
  });

  app.post('/attendance', writers, async (c) => {
    const p = pluginRequest(c);
    const body = parseInput(AttendanceBody, await readJson(c));
    const raw: RawRow[] = body.records.map((r, i) => ({
      row: i + 1,
      cells: { employee_id: r.employeeId, date: r.date, regular_hours: r.regularHours, overtime_hours: r.overtimeHours ?? 0, shift: r.shift ?? null },
    }));
    const checked = checkRows(raw, host.clock.today());
    try {
      return c.json(await writeAttendance(host, p.tenantId, p.actor.id, checked.rows, 'api', null, checked.problems), 201);
    } catch (error) {
      throw inBodyNames(error, ATTENDANCE_NAMES);
    }
  });

  app.post('/attendance-records', writers, async (c) => {
    const p = pluginRequest(c);
    const body = parseInput(AttendanceRecordsBody, await readJson(c));
    const raw: RawRow[] = body.records.map((r, i) => ({
      row: i + 1,
      cells: { employee_id: r.employeeId ?? null, mobile: r.mobile ?? null, date: r.workDate, regular_hours: r.regularHours, overtime_hours: r.overtimeHours ?? 0, shift: r.shift ?? null },
    }));
    const checked = checkRows(raw, host.clock.today());
    const problems = [...checked.problems, ...duplicateRecordIds(body.records.map((r, i) => ({ recordId: r.recordId, row: i + 1 })))];
    if (problems.length) throw inBodyNames(rowProblemsError(problems.sort((a, b) => a.row - b.row)), RECORD_NAMES);
    const recordIds = new Map(body.records.map((r, i) => [i + 1, r.recordId]));
    try {
      const result = await postAttendanceRecords(host, p.tenantId, p.actor.id, checked.rows.map((row) => ({ recordId: recordIds.get(row.row)!, row })));
      return c.json(result, result.created ? 201 : 200);
    } catch (error) {
      throw inBodyNames(error, RECORD_NAMES);
    }
  });

  app.post('/attendance/import', writers, async (c) => {
    const p = pluginRequest(c);
    const upload = await readUpload(c.req.raw);
    const read = upload.source === 'csv' ? readCsv(upload.content) : await readXlsx(upload.content);
    if (read.problems.length) throw rowProblemsError(read.problems);
    const checked = checkRows(read.rows, host.clock.today());
    const source: AttendanceSource = upload.source;
    return c.json(await writeAttendance(host, p.tenantId, p.actor.id, checked.rows, source, upload.fileName, checked.problems), 201);
  });

  app.get('/overtime', readers, async (c) => {
    const m = parseInput(month, c.req.query('month'), 'month');
    return c.json({ month: m, items: await overtimeOfMonth(host, pluginRequest(c).tenantId, m) });
  });

  // How the tenant's base rule turns an employee's wage into the base for a month (what contributionBase applies).
  app.get('/contribution-base', readers, async (c) => {
    const p = pluginRequest(c);
    const q = parseInput(BaseQuery, { employeeId: c.req.query('employeeId'), month: c.req.query('month') });
    const employee = await host.withTenant(p.tenantId, (trx) =>
      trx.selectFrom('employees').select(['monthly_wage_fen']).where('tenant_id', '=', p.tenantId).where('id', '=', q.employeeId).executeTakeFirst(),
    );
    if (!employee) throw PluginHttpError.notFound({ 'zh-CN': '没有这名员工', en: 'No such employee' });
    return c.json(await explainBase(host, p.tenantId, p.options, { ...q, wageFen: Number(employee.monthly_wage_fen) }));
  });

  app.get('/reports/headcount.xlsx', readers, async (c) => {
    const p = pluginRequest(c);
    const m = parseInput(month, c.req.query('month'), 'month');
    const body = await headcountWorkbook(m, await headcountOfMonth(host, p.tenantId, m));
    return c.body(new Uint8Array(body), 200, {
      'content-type': XLSX_TYPE,
      'content-disposition': `attachment; filename="headcount-${m}.xlsx"; filename*=UTF-8''${encodeURIComponent(`用工备案-${m}.xlsx`)}`,
      'cache-control': 'no-store',
    });
  });

  app.get('/reports/headcount', readers, async (c) => {
    const m = parseInput(month, c.req.query('month'), 'month');
    return c.json({ month: m, items: await headcountOfMonth(host, pluginRequest(c).tenantId, m) });
  });

  app.put('/employee-form/:employeeId', writers, async (c) => {
    const p = pluginRequest(c);
    const employeeId = parseInput(uuid, c.req.param('employeeId'), 'employeeId');
    const body = parseInput(ShiftFormValues, await readJson(c));
    return c.json(await saveShiftForm(host, p.tenantId, p.actor.id, employeeId, body.values));
  });

  app.get('/risks', readers, async (c) => {
    return c.json({ items: await scheduledWithoutCoverage(host, pluginRequest(c).tenantId, host.clock.today()) });
  });

  return app;
}
