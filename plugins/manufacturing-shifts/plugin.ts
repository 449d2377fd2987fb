import { definePlugin } from '@lianxu/plugin-sdk';
import { shiftOptionsSchema } from './src/contribution-base';
import { MANUFACTURING_FIELD_PRESETS } from './src/shift-presets';
import { attendanceRecordsMigration } from './migrations/0002-attendance-records.migration';
import { shiftsExtensions } from './src/shifts.extensions';
import { shiftsMigration } from './migrations/0001-shifts.migration';
import { shiftsRouteDocs, shiftsRoutes } from './src/shifts.routes';

/** Shifts, attendance and overtime for factories; overtime into the contribution base; 用工备案 report. */
export const plugin = definePlugin({
  id: 'manufacturing-shifts',
  version: '0.1.0',
  description: {
    'zh-CN': '制造业排班与考勤：三班倒/两班倒排班，考勤导入（CSV、Excel），加班计入缴费基数，用工备案人数月报',
    en: 'Shifts and attendance for manufacturing: shift patterns, attendance import (CSV, Excel), overtime in the contribution base, monthly 用工备案 headcount report',
  },
  requires: ['core@^0.1.0'],
  options: shiftOptionsSchema,
  migrations: { '0001-shifts': shiftsMigration, '0002-attendance-records': attendanceRecordsMigration },
  extensionPoints: shiftsExtensions,
  routes: shiftsRoutes,
  routeDocs: shiftsRouteDocs,
  customFieldPresets: MANUFACTURING_FIELD_PRESETS,
  reports: [
    {
      id: 'headcount',
      title: { 'zh-CN': '用工备案人数月报', en: 'Monthly headcount (用工备案)' },
      format: 'xlsx',
      path: 'reports/headcount.xlsx',
      params: ['month'],
    },
  ],
});
