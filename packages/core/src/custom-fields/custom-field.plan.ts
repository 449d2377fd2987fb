import type { CustomFieldSpec } from './custom-field.spec';
import { canonicalJson, changedAttributes, type PlanChange } from '../shared/index';
import { definitionOf, specOf, type CustomFieldDefinition } from './custom-field.definition';

/** Display order: position, then key. */
export const byPosition = (a: { position: number; key: string }, b: { position: number; key: string }) => a.position - b.position || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/**
 * The plan of a tenant's custom fields against the wanted list: added (or a deleted field brought
 * back with its values), changed attributes, and deletions. The order of the list is the display
 * order; only the relative order of live fields counts, not the stored numbers.
 */
export function diffCustomFields(live: readonly CustomFieldDefinition[], deleted: ReadonlyMap<string, string>, wanted: readonly CustomFieldSpec[]): PlanChange[] {
  const changes: PlanChange[] = [];
  const liveSorted = [...live].sort(byPosition);
  const rank = new Map(liveSorted.map((d, i) => [d.key, i]));
  const wantedKeys = new Set(wanted.map((w) => w.key));
  // Where each kept field sits among the kept ones, before and after: a move is a change.
  const keptBefore = liveSorted.filter((d) => wantedKeys.has(d.key)).map((d) => d.key);
  const keptAfter = wanted.filter((w) => rank.has(w.key)).map((w) => w.key);
  wanted.forEach((spec, i) => {
    const want = definitionOf(spec, i);
    const have = liveSorted.find((d) => d.key === spec.key);
    if (!have) {
      const deletedType = deleted.get(spec.key);
      const change: PlanChange = { op: '+', kind: 'custom field', name: spec.key, details: [`${want.type}, ${want.labels['zh-CN']} / ${want.labels.en}`] };
      if (deletedType !== undefined) {
        change.details.push('brings back the deleted field and its kept values');
        if (deletedType !== want.type) change.blocked = `a deleted field with this key had type ${deletedType}; use another key`;
      }
      changes.push(change);
      return;
    }
    const details = changedAttributes(
      { type: have.type, labels: have.labels, required: have.required, searchable: have.searchable, showIn: have.showIn, options: have.options },
      { type: want.type, labels: want.labels, required: want.required, searchable: want.searchable, showIn: want.showIn, options: want.options },
      ['type', 'labels', 'required', 'searchable', 'showIn', 'options'],
      same,
    );
    if (keptBefore.indexOf(spec.key) !== keptAfter.indexOf(spec.key)) details.push(`position: ${keptBefore.indexOf(spec.key) + 1} → ${keptAfter.indexOf(spec.key) + 1}`);
    if (details.length) {
      const change: PlanChange = { op: '~', kind: 'custom field', name: spec.key, details };
      if (have.type !== want.type) change.blocked = `the type of a field never changes (${have.type} → ${want.type}); add a field with another key`;
      changes.push(change);
    }
  });
  for (const d of liveSorted) {
    if (!wantedKeys.has(d.key)) changes.push({ op: '-', kind: 'custom field', name: d.key, details: ['deleted: its values are kept and hidden'] });
  }
  return changes;
}
