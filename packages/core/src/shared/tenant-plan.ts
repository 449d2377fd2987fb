// The plan of a tenant file against the live tenant, Terraform style: one line per thing that
// would be added (+), changed (~) or removed (-). Each module diffs its own part; `tenants plan`
// prints the lines and `tenants apply` makes exactly those changes.

export type PlanOp = '+' | '~' | '-';

export interface PlanChange {
  op: PlanOp;
  /** What kind of thing changes, e.g. `custom field`, `plugin`, `branch`. */
  kind: string;
  /** Which one, e.g. `team`, `retail-branches`, `北京国贸店`. */
  name: string;
  /** For `~`: each attribute as `name: old → new`; for `+`/`-`: a short description. */
  details: string[];
  /** Set when apply cannot make this change; apply refuses the whole file while any is set. */
  blocked?: string;
}

/** A value as plan lines show it: strings quoted, objects as compact JSON. */
export function shown(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return JSON.stringify(value);
  return JSON.stringify(value);
}

/** `name: old → new` for each named attribute that differs (compared as canonical JSON). */
export function changedAttributes(before: Record<string, unknown>, after: Record<string, unknown>, names: string[], same: (a: unknown, b: unknown) => boolean): string[] {
  return names.filter((n) => !same(before[n], after[n])).map((n) => `${n}: ${shown(before[n])} → ${shown(after[n])}`);
}

/** The plan as text: a summary line per tenant, then one line per change. */
export function formatPlan(slug: string, changes: PlanChange[], options: { created?: boolean } = {}): string {
  if (!changes.length) return `${slug}: no change (the live tenant matches the file)\n`;
  const count = (op: PlanOp) => changes.filter((c) => c.op === op).length;
  const lines = [`${slug}${options.created ? ' (new tenant)' : ''}: ${count('+')} to add, ${count('~')} to change, ${count('-')} to remove`];
  for (const c of changes) {
    lines.push(`  ${c.op} ${c.kind} ${c.name}${c.op !== '~' && c.details.length ? ` (${c.details.join('; ')})` : ''}`);
    if (c.op === '~') for (const d of c.details) lines.push(`      ${d}`);
    if (c.blocked) lines.push(`      ! cannot apply: ${c.blocked}`);
  }
  return `${lines.join('\n')}\n`;
}

const VERB: Record<PlanOp, string> = { '+': 'added', '~': 'changed', '-': 'removed' };

/** How apply reports a change it made, in the style of the provisioning result: `custom field added: team`. */
export function appliedLine(c: Pick<PlanChange, 'op' | 'kind' | 'name'>, verb = VERB[c.op]): string {
  return `${c.kind} ${verb}: ${c.name}`;
}
