import type { CustomFieldPreset } from '@lianxu/plugin-sdk';
import type { ShiftSpec } from './shifts.tables';

/** The shift patterns every tenant starts with. */
export const SHIFT_PRESETS: { code: string; name: string; shifts: ShiftSpec[] }[] = [
  {
    code: 'three-shift',
    name: '三班倒',
    shifts: [
      { name: '早班', start: '08:00', end: '16:00', hours: 8 },
      { name: '中班', start: '16:00', end: '00:00', hours: 8 },
      { name: '夜班', start: '00:00', end: '08:00', hours: 8 },
    ],
  },
  {
    code: 'two-shift',
    name: '两班倒',
    shifts: [
      { name: '白班', start: '08:00', end: '20:00', hours: 12 },
      { name: '夜班', start: '20:00', end: '08:00', hours: 12 },
    ],
  },
];

const label = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** Fields a factory usually adds to the employee record (工种, 班组, 特殊工种). */
export const MANUFACTURING_FIELD_PRESETS: CustomFieldPreset[] = [
  {
    key: 'job_type',
    label: label('工种', 'Job type'),
    type: 'single_select',
    options: [
      { value: 'operator', label: label('普工', 'Operator') },
      { value: 'technician', label: label('技工', 'Technician') },
      { value: 'inspector', label: label('质检员', 'Quality inspector') },
      { value: 'electrician', label: label('电工', 'Electrician') },
      { value: 'welder', label: label('焊工', 'Welder') },
      { value: 'forklift', label: label('叉车司机', 'Forklift driver') },
      { value: 'maintenance', label: label('设备维修', 'Maintenance') },
    ],
    searchable: true,
    showIn: ['form', 'list', 'export'],
  },
  { key: 'team', label: label('班组', 'Team'), type: 'text', searchable: true, showIn: ['form', 'list', 'export'] },
  {
    key: 'special_work_type',
    label: label('特殊工种', 'Special work type'),
    type: 'yes_no',
    showIn: ['form', 'export'],
  },
];
