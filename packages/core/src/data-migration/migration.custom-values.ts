import { valueFromCell, valueProblem, type CustomFieldDefinition, type CustomFieldValue } from '../custom-fields/index';
import { CUSTOM_TARGET } from './migration.mapping';
import type { FindingLevel, FindingOutcome } from './migration.rules';

// Roster columns mapped to the tenant's custom fields (`custom.<key>`): each cell read as the
// field's value (choices by value or label, 是/否, numbers), checked against the field's
// definition. A value the definition refuses quarantines the row with a reason naming the column;
// the values kept go with the employee into the sandbox and, on promotion, its custom_fields.

export interface CustomTarget {
  key: string;
  index: number;
  header: string;
  definition: CustomFieldDefinition;
}

type Add = (column: string | null, level: FindingLevel, outcome: FindingOutcome, code: string, zh: string, en: string) => void;

/** The custom field targets of a roster's column indexes (fields no longer defined are left out). */
export function customTargets(cols: Record<string, number>, headers: readonly string[], definitions: readonly CustomFieldDefinition[]): CustomTarget[] {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const out: CustomTarget[] = [];
  for (const [field, index] of Object.entries(cols)) {
    const definition = field.startsWith(CUSTOM_TARGET) ? byKey.get(field.slice(CUSTOM_TARGET.length)) : undefined;
    if (definition) out.push({ key: definition.key, index, header: headers[index] ?? field, definition });
  }
  return out;
}

/** The row's custom field values, or null when one is refused (each refusal added as a finding). */
export function checkCustomValues(record: readonly string[], targets: readonly CustomTarget[], add: Add): Record<string, CustomFieldValue> | null {
  const values: Record<string, CustomFieldValue> = {};
  let ok = true;
  for (const t of targets) {
    const text = (record[t.index] ?? '').trim();
    const label = t.definition.labels['zh-CN'];
    const labelEn = t.definition.labels.en;
    let value = valueFromCell(t.definition, text);
    if (t.definition.type === 'multi_select' && typeof value === 'string') value = value.split(/[,，、;；]/).map((v) => v.trim()).filter(Boolean);
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
      if (t.definition.required) {
        add(t.header, 'reference', 'quarantined', 'custom_field_required', `${t.header}为空：自定义字段“${label}”必填`, `${t.header} is empty: the custom field "${labelEn}" is required`);
        ok = false;
      }
      continue;
    }
    const problem = valueProblem(t.definition, value);
    if (problem) {
      add(t.header, 'reference', 'quarantined', 'custom_field_invalid', `${t.header}“${text}”不是自定义字段“${label}”允许的值：${problem['zh-CN']}`, `${t.header} "${text}" is not allowed for the custom field "${labelEn}": ${problem.en}`);
      ok = false;
      continue;
    }
    values[t.key] = value as CustomFieldValue;
  }
  return ok ? values : null;
}
