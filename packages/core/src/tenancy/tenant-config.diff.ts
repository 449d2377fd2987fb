import type { TenantPluginSpec, TenantSpec } from './tenant-spec';
import { canonicalJson } from '../shared/index';
import type { PluginSet } from '../plugins/index';
import { changedAttributes, type PlanChange } from '../shared/index';

// Pure diffs of a tenant file's parts against the live tenant. `tenants plan` prints them; each
// apply activity computes the same diff on fresh data and writes exactly what it says, so the
// plan is what apply does and a second apply finds nothing to do.

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** The live settings row, or null when the tenant has none yet (apply then creates it). */
export type LiveSettings = { warnDay: number; approvalRequired: boolean } | null;

export function diffProfile(live: { name: string; industry: string } | null, spec: Pick<TenantSpec, 'slug' | 'name' | 'industry'>): PlanChange[] {
  if (!live) return [{ op: '+', kind: 'tenant', name: spec.slug, details: [`${spec.name}, ${spec.industry}`] }];
  const details = changedAttributes(live, { name: spec.name, industry: spec.industry }, ['name', 'industry'], same);
  return details.length ? [{ op: '~', kind: 'tenant', name: spec.slug, details }] : [];
}

export function diffCities(live: TenantSpec['workCities'], wanted: TenantSpec['workCities']): PlanChange[] {
  const changes: PlanChange[] = [];
  const have = new Map(live.map((c) => [c.code, c]));
  for (const c of wanted) {
    const h = have.get(c.code);
    if (!h) changes.push({ op: '+', kind: 'work city', name: c.code, details: [`${c.name}, cut-off day ${c.cutoffDay ?? 25}`] });
    else {
      const details = changedAttributes({ name: h.name, cutoffDay: h.cutoffDay ?? 25 }, { name: c.name, cutoffDay: c.cutoffDay ?? 25 }, ['name', 'cutoffDay'], same);
      if (details.length) changes.push({ op: '~', kind: 'work city', name: c.code, details });
    }
  }
  const want = new Set(wanted.map((c) => c.code));
  for (const c of live) if (!want.has(c.code)) changes.push({ op: '-', kind: 'work city', name: c.code, details: [c.name] });
  return changes;
}

export function diffSettings(live: LiveSettings, wanted: NonNullable<TenantSpec['settings']>): PlanChange[] {
  if (!live) return [{ op: '+', kind: 'settings', name: 'lifecycle', details: [`warnDay ${wanted.warnDay}, approvalRequired ${wanted.approvalRequired}`] }];
  const details = changedAttributes(live, wanted, ['warnDay', 'approvalRequired'], same);
  return details.length ? [{ op: '~', kind: 'settings', name: 'lifecycle', details }] : [];
}

/** Entities by credit code and their registrations. An entity missing from the file is kept (employees refer to it): see `entityNotes`. */
export function diffEntities(live: NonNullable<TenantSpec['entities']>, wanted: NonNullable<TenantSpec['entities']>): PlanChange[] {
  const changes: PlanChange[] = [];
  for (const e of wanted) {
    const h = live.find((x) => x.creditCode === e.creditCode);
    if (!h) changes.push({ op: '+', kind: 'entity', name: e.creditCode, details: [e.name] });
    else if (h.name !== e.name) changes.push({ op: '~', kind: 'entity', name: e.creditCode, details: [`name: ${JSON.stringify(h.name)} → ${JSON.stringify(e.name)}`] });
    const regs = new Map((h?.registrations ?? []).map((r) => [`${r.city}/${r.agency}`, r]));
    for (const r of e.registrations) {
      const have = regs.get(`${r.city}/${r.agency}`);
      const name = `${e.creditCode} ${r.city} ${r.agency}`;
      if (!have) changes.push({ op: '+', kind: 'registration', name, details: [`${r.number} via ${r.gateway}`] });
      else {
        const details = changedAttributes({ number: have.number, gateway: have.gateway }, { number: r.number, gateway: r.gateway }, ['number', 'gateway'], same);
        if (details.length) changes.push({ op: '~', kind: 'registration', name, details });
      }
    }
    const want = new Set(e.registrations.map((r) => `${r.city}/${r.agency}`));
    for (const r of h?.registrations ?? []) {
      if (!want.has(`${r.city}/${r.agency}`)) changes.push({ op: '-', kind: 'registration', name: `${e.creditCode} ${r.city} ${r.agency}`, details: [r.number] });
    }
  }
  return changes;
}

export function entityNotes(live: NonNullable<TenantSpec['entities']>, wanted: NonNullable<TenantSpec['entities']>): string[] {
  const want = new Set(wanted.map((e) => e.creditCode));
  return live.filter((e) => !want.has(e.creditCode)).map((e) => `entity ${e.creditCode} (${e.name}) is not in the file; apply keeps it, as employees may refer to it`);
}

/** A plugin row as stored: enabled or not, with the options the tenant gave. */
export interface LivePlugin {
  id: string;
  enabled: boolean;
  options: Record<string, unknown>;
}

/**
 * Plugins: the file's list is the whole truth. An installed plugin enabled live but not enabled in
 * the file is disabled (its data kept); options are compared for enabled plugins only.
 */
export function diffPlugins(live: readonly LivePlugin[], wanted: readonly TenantPluginSpec[], installed?: PluginSet): PlanChange[] {
  const changes: PlanChange[] = [];
  const have = new Map(live.map((p) => [p.id, p]));
  const order = (id: string) => installed?.list.findIndex((p) => p.id === id) ?? 0;
  for (const p of [...wanted].sort((a, b) => order(a.id) - order(b.id) || (a.id < b.id ? -1 : 1))) {
    if (!p.enabled) continue;
    const h = have.get(p.id);
    const options = p.options ?? {};
    const change: PlanChange | null = !h?.enabled
      ? { op: '+', kind: 'plugin', name: p.id, details: [`enabled${Object.keys(options).length ? `, options ${canonicalJson(options)}` : ''}`] }
      : !same(h.options, options)
        ? { op: '~', kind: 'plugin', name: p.id, details: [`options: ${canonicalJson(h.options)} → ${canonicalJson(options)}`] }
        : null;
    if (change && installed && !installed.get(p.id)) change.blocked = `the plugin ${p.id} is not installed`;
    if (change) changes.push(change);
  }
  const on = new Set(wanted.filter((p) => p.enabled).map((p) => p.id));
  for (const h of live) if (h.enabled && !on.has(h.id)) changes.push({ op: '-', kind: 'plugin', name: h.id, details: ['disabled; its data is kept'] });
  return changes;
}

/** Consultant grants by e-mail; a grant needs a consultant account. */
export function diffGrants(live: readonly string[], wanted: readonly string[], consultants: ReadonlySet<string>): PlanChange[] {
  const changes: PlanChange[] = [];
  const have = new Set(live.map((e) => e.toLowerCase()));
  const want = new Set(wanted.map((e) => e.toLowerCase()));
  for (const email of want) {
    if (have.has(email)) continue;
    const change: PlanChange = { op: '+', kind: 'consultant grant', name: email, details: [] };
    if (!consultants.has(email)) change.blocked = `no consultant account with the e-mail ${email}`;
    changes.push(change);
  }
  for (const email of have) if (!want.has(email)) changes.push({ op: '-', kind: 'consultant grant', name: email, details: ['revoked'] });
  return changes;
}
