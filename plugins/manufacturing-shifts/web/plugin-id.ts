// The plugin id as in ../plugin.ts: its routes live under /api/t/<slug>/plugins/<id>.
export const MANUFACTURING_SHIFTS = 'manufacturing-shifts';
