import type { PolicyRecord } from './policy.types';

const sourceIdCache = new WeakMap<PolicyRecord, string[]>();

/** Every source id a record cites, in first-seen order. */
export function recordSourceIds(record: PolicyRecord): string[] {
  const cached = sourceIdCache.get(record);
  if (cached) return cached;
  const ids = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (k === 'sources' && Array.isArray(child)) child.forEach((s) => ids.add(String(s)));
        else walk(child);
      }
    }
  };
  walk(record.insurances);
  walk(record.cutOffDay);
  walk(record.published);
  const list = [...ids];
  sourceIdCache.set(record, list);
  return list;
}
