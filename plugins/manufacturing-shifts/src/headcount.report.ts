import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { PluginHost } from '@lianxu/plugin-sdk';
import { monthBounds } from './overtime.rules';
import type { ShiftsTrx } from './shifts.tables';

export interface HeadcountLine {
  entityName: string;
  creditCode: string;
  cityCode: string;
  cityName: string | null;
  /** Employed on any day of the month. */
  headcount: number;
  hired: number;
  left: number;
}

/**
 * 用工备案 headcount of one month by employing entity and work city: everyone employed on any day of
 * the month (hired on or before its last day, not gone before its first). The city is the
 * employee's current work city.
 */
export async function headcountOfMonth(host: PluginHost, tenantId: string, month: string): Promise<HeadcountLine[]> {
  const [first, last] = monthBounds(month);
  return host.withTenant(tenantId, async (trx: ShiftsTrx) => {
    const rows = await trx
      .selectFrom('employees as e')
      .innerJoin('entities as en', (j) => j.onRef('en.tenant_id', '=', 'e.tenant_id').onRef('en.id', '=', 'e.entity_id'))
      .leftJoin('tenant_cities as c', (j) => j.onRef('c.tenant_id', '=', 'e.tenant_id').onRef('c.city_code', '=', 'e.work_city'))
      .select([
        'en.name as entity_name',
        'en.credit_code',
        'e.work_city',
        'c.city_name',
        sql<number>`count(*)::int`.as('headcount'),
        sql<number>`(count(*) filter (where e.hire_date >= ${first}))::int`.as('hired'),
        sql<number>`(count(*) filter (where e.termination_date <= ${last}))::int`.as('left'),
      ])
      .where('e.tenant_id', '=', tenantId)
      .where('e.hire_date', '<=', last)
      .where((eb) => eb.or([eb('e.termination_date', 'is', null), eb('e.termination_date', '>=', first)]))
      .groupBy(['en.name', 'en.credit_code', 'e.work_city', 'c.city_name'])
      .orderBy('en.name')
      .orderBy('e.work_city')
      .execute();
    return rows.map((r) => ({ entityName: r.entity_name, creditCode: r.credit_code, cityCode: r.work_city, cityName: r.city_name, headcount: r.headcount, hired: r.hired, left: r.left }));
  });
}

export const HEADCOUNT_HEADER = ['用人单位', '统一社会信用代码', '工作城市', '城市代码', '在职人数', '当月入职', '当月离职'];

/** The report as an Excel workbook: a title, the rule, one line per entity and city, a total. */
export async function headcountWorkbook(month: string, lines: HeadcountLine[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Lianxu';
  const sheet = workbook.addWorksheet('用工备案');
  sheet.addRow([`用工备案人数月报（${month}）`]).font = { bold: true, size: 14 };
  sheet.addRow([`统计口径：当月任一天在职即计入（入职日不晚于 ${monthBounds(month)[1]}，且未在 ${monthBounds(month)[0]} 之前离职）`]);
  sheet.addRow([]);
  sheet.addRow(HEADCOUNT_HEADER).font = { bold: true };
  for (const l of lines) sheet.addRow([l.entityName, l.creditCode, l.cityName ?? l.cityCode, l.cityCode, l.headcount, l.hired, l.left]);
  const sum = (k: 'headcount' | 'hired' | 'left') => lines.reduce((s, l) => s + l[k], 0);
  sheet.addRow(['合计', '', '', '', sum('headcount'), sum('hired'), sum('left')]).font = { bold: true };
  sheet.columns.forEach((col, i) => (col.width = [34, 22, 12, 10, 10, 10, 10][i] ?? 12));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
