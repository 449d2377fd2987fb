import { MANUFACTURING_SHIFTS } from './plugin-id';
import { pluginPath, request, type ResponseOf } from '@lianxu/web/plugin-kit/api';

// Types come from the plugin's routeDocs in /api/openapi.json (the web app's generated schema).

const ROUTES = '/api/t/{tenant}/plugins/manufacturing-shifts' as const;

export type ImportResult = ResponseOf<`${typeof ROUTES}/attendance/import`, 'post'>;
export type MonthlyOvertime = ResponseOf<`${typeof ROUTES}/overtime`, 'get'>['items'][number];
export type HeadcountLine = ResponseOf<`${typeof ROUTES}/reports/headcount`, 'get'>['items'][number];

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const at = (slug: string, ...segments: string[]) => pluginPath(slug, MANUFACTURING_SHIFTS, ...segments);

/** The content type the import takes for a file: by its name, CSV or .xlsx; undefined for anything else. */
export function attendanceContentType(file: { name: string; type: string }): string | undefined {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv') || file.type === 'text/csv') return 'text/csv';
  if (name.endsWith('.xlsx') || file.type === XLSX_TYPE) return XLSX_TYPE;
  return undefined;
}

/** All rows or none: a 400 names each problem as rows[<row>].<column> (row 1 is the header). */
export function importAttendance(slug: string, file: Blob, contentType: string) {
  return request('post', `${ROUTES}/attendance/import`, { params: { tenant: slug }, upload: { data: file, contentType } });
}

export function overtimeOfMonth(slug: string, month: string) {
  return request('get', `${ROUTES}/overtime`, { params: { tenant: slug }, query: { month } });
}

export function headcountOfMonth(slug: string, month: string) {
  return request('get', `${ROUTES}/reports/headcount`, { params: { tenant: slug }, query: { month } });
}

/** The 用工备案 workbook: a plain link, the session cookie authenticates. */
export function headcountReportHref(slug: string, month: string): string {
  return at(slug, 'reports', 'headcount.xlsx') + `?month=${encodeURIComponent(month)}`;
}

/** A problem of an import, from the API's field name: rows[12].overtime_hours -> row 12, column overtime_hours. */
export function importProblem(field: string): { row: number | null; column: string } {
  const m = /^rows\[(\d+)\]\.(.+)$/.exec(field);
  if (m) return { row: Number(m[1]), column: m[2]! };
  return { row: null, column: field.replace(/^header\./, '') };
}
