import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { recordPlatformAudit, type AuthService } from '@lianxu/auth';
import {
  createTenantConfigService,
  formatPlan,
  isUuid,
  parseTenantFile,
  TenantFileError,
  type PluginRuntime,
  type TenantConfigService,
} from '@lianxu/core';
import { withTenant, type Database } from '@lianxu/db';
import type { TenantSpec } from '@lianxu/core';
import { ApiError } from '../errors/api-error';
import { validationHook } from '../errors/validation';
import { requireSession, type SessionVariables } from '../middleware/session.middleware';

/** The repository's tenants/ folder, where `lianxu tenants plan` reads tenant files by default. */
export const DEFAULT_TENANT_FILES_DIR = path.resolve(import.meta.dirname, '../../../../tenants');

// How many recent changes each tenant shows; the audit tables keep everything.
const RECENT_CHANGES = 12;
// Every request a consultant makes inside a tenant is on record as a grant use: reads, not changes.
const NOT_A_CHANGE = ['consultant_grant.used'];
// Tenant tables whose rows belong to one employee through an employee_id column, keyed by id.
const ROWS_OF_AN_EMPLOYEE = ['filing_tasks', 'coverage_periods', 'employment_events', 'employee_requests'] as const;

const PlanChange = z.object({
  op: z.enum(['+', '~', '-']),
  kind: z.string(),
  name: z.string(),
  details: z.array(z.string()),
  blocked: z.string().optional(),
});
const RecentChange = z
  .object({
    at: z.string(),
    source: z.enum(['tenant', 'platform']).openapi({ description: 'tenant: a row change in the tenant audit trail; platform: a platform audit entry (grants, applied tenant files)' }),
    actor: z.string().nullable().openapi({ description: 'who made it: name and e-mail, or the platform actor label' }),
    action: z.string().openapi({ example: 'tenant_plugins update', description: 'table and operation (tenant), or the platform action' }),
    key: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'the changed row\'s key (tenant changes)' }),
    columns: z.array(z.string()).openapi({ description: 'names of the changed columns, never their values' }),
    details: z.array(z.string()).openapi({ description: 'what an applied tenant file changed' }),
    table: z.string().nullable().openapi({ description: 'the changed table (tenant changes), for the business-language description' }),
    operation: z.string().nullable().openapi({ example: 'update', description: 'insert, update, delete, or a recorded read (export, reveal)' }),
    employee: z.object({ id: z.string(), name: z.string() }).nullable().openapi({ description: 'the employee the change is about, when it is about one' }),
  })
  .openapi('ConsoleRecentChange');
const ConsoleTenant = z
  .object({
    tenantId: z.string(),
    slug: z.string(),
    name: z.string(),
    industry: z.string(),
    grantedAt: z.string(),
    enabledPlugins: z.array(z.string()),
    config: z.object({
      status: z.enum(['in_sync', 'drifted', 'no_file', 'invalid_file']).openapi({
        description: 'in_sync: `lianxu tenants plan` shows no change; drifted: the live tenant differs from its file; no_file / invalid_file: nothing to compare with',
      }),
      file: z.string().openapi({ example: 'tenants/demo-retail/tenant.yaml' }),
      changes: z.array(PlanChange).openapi({ description: 'what `lianxu tenants apply` would change to make the live tenant match the file' }),
      plan: z.string().openapi({ description: 'the plan as `lianxu tenants plan` prints it' }),
      notes: z.array(z.string()),
      problems: z.array(z.string()).openapi({ description: 'file:line field: message, for an invalid file' }),
    }),
    recentChanges: z.array(RecentChange),
  })
  .openapi('ConsoleTenant');

const listRoute = createRoute({
  method: 'get',
  path: '/console/tenants',
  tags: ['tenancy'],
  summary: 'Consultant console: the caller\'s granted tenants with industry, enabled plugins, drift from tenants/<slug>/tenant.yaml and recent changes',
  responses: {
    200: { description: 'Granted tenants (only those; revoked grants are gone)', content: { 'application/json': { schema: z.object({ items: z.array(ConsoleTenant) }) } } },
    401: { description: 'Not signed in' },
    403: { description: 'Not a consultant, or a consultant who must enable a second factor first' },
  },
});

export interface ConsoleDeps {
  db: Kysely<Database>;
  auth: AuthService;
  plugins?: PluginRuntime;
  /** Where tenants/<slug>/tenant.yaml live; default: the repository's tenants/ folder. */
  tenantFilesDir?: string;
  /**
   * Whether tenant files' demo sections (demo sign-ins, demo consultants' grants) count, as
   * `lianxu tenants plan` decides it: outside production. Default: NODE_ENV is not production.
   */
  demoMode?: boolean;
}

type FileRead = { spec: TenantSpec } | { problems: string[] } | null;

/**
 * /api/console/tenants: the consultant's view across tenants. Drift is computed with the same plan
 * the CLI prints (createTenantConfigService().plan), against the file as it is on disk now, so an
 * edit to the file or a change in the web shows on the next request.
 */
export function consoleRoutes(deps: ConsoleDeps) {
  const app = new OpenAPIHono<{ Variables: SessionVariables }>({ defaultHook: validationHook });
  const dir = deps.tenantFilesDir ?? DEFAULT_TENANT_FILES_DIR;
  const demoMode = deps.demoMode ?? process.env.NODE_ENV !== 'production';
  let config: Promise<TenantConfigService> | undefined;
  const configService = () =>
    (config ??= (async () => createTenantConfigService({ db: deps.db, ...(deps.plugins ? { plugins: await deps.plugins.ready() } : {}) }))());

  const shownFile = (slug: string) => `tenants/${slug}/tenant.yaml`;

  async function readSpec(slug: string): Promise<FileRead> {
    let text: string;
    try {
      text = await readFile(path.join(dir, slug, 'tenant.yaml'), 'utf8');
    } catch {
      return null;
    }
    try {
      const plugins = deps.plugins ? await deps.plugins.ready() : undefined;
      const { demo, ...rest } = parseTenantFile(text, shownFile(slug), plugins ? { plugins } : {});
      return { spec: demoMode && demo ? { ...rest, demo } : rest };
    } catch (error) {
      if (error instanceof TenantFileError) return { problems: error.message.split('\n') };
      throw error;
    }
  }

  /**
   * Which employee each audited row is about, so the console can say "for 王小明" instead of a
   * row key: the employee's own rows, rows keyed by employee_id, and rows that carry an employee_id.
   */
  async function employeesOfChanges(tenantId: string, rows: readonly { table_name: string; row_key: unknown }[]) {
    const keyOf = (rowKey: unknown, field: string) => {
      const value = rowKey && typeof rowKey === 'object' ? (rowKey as Record<string, unknown>)[field] : undefined;
      return isUuid(value) ? value : undefined;
    };
    const direct = (table: string, rowKey: unknown) => (table === 'employees' ? keyOf(rowKey, 'id') : keyOf(rowKey, 'employee_id'));
    const byRow = new Map<string, string>();
    await withTenant(deps.db, tenantId, async (trx) => {
      for (const table of ROWS_OF_AN_EMPLOYEE) {
        const ids = [...new Set(rows.filter((r) => r.table_name === table).map((r) => keyOf(r.row_key, 'id')).filter((id): id is string => !!id))];
        if (!ids.length) continue;
        const found = await trx.selectFrom(table).select(['id', 'employee_id']).where('tenant_id', '=', tenantId).where('id', 'in', ids).execute();
        for (const f of found) byRow.set(`${table}:${f.id}`, f.employee_id);
      }
    });
    const employeeIds = new Set<string>(byRow.values());
    for (const r of rows) {
      const id = direct(r.table_name, r.row_key);
      if (id) employeeIds.add(id);
    }
    const names = employeeIds.size
      ? await withTenant(deps.db, tenantId, (trx) => trx.selectFrom('employees').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', 'in', [...employeeIds]).execute())
      : [];
    const nameOf = new Map(names.map((e) => [e.id, e.name]));
    return (table: string, rowKey: unknown) => {
      const id = direct(table, rowKey) ?? byRow.get(`${table}:${keyOf(rowKey, 'id')}`);
      const name = id ? nameOf.get(id) : undefined;
      return id && name ? { id, name } : null;
    };
  }

  async function recentChanges(tenantId: string) {
    const [rows, platform] = await Promise.all([
      withTenant(deps.db, tenantId, (trx) =>
        trx
          .selectFrom('audit_log')
          .select(['at', 'actor_id', 'table_name', 'operation', 'row_key', 'changed_columns', 'action'])
          .where('tenant_id', '=', tenantId)
          .orderBy('at', 'desc')
          .orderBy('id', 'desc')
          .limit(RECENT_CHANGES)
          .execute(),
      ),
      deps.db
        .selectFrom('platform_audit')
        .select(['at', 'actor', 'action', 'details'])
        .where('tenant_id', '=', tenantId)
        .where('action', 'not in', NOT_A_CHANGE)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(RECENT_CHANGES)
        .execute(),
    ]);
    const actorIds = [...new Set(rows.map((r) => r.actor_id).filter((id): id is string => !!id))];
    const users = actorIds.length ? await deps.db.selectFrom('users').select(['id', 'name', 'email']).where('id', 'in', actorIds).execute() : [];
    const actorOf = new Map(users.map((u) => [u.id, `${u.name} <${u.email}>`]));
    const employeeOf = await employeesOfChanges(tenantId, rows);
    const changes = [
      ...rows.map((r) => ({
        at: r.at,
        source: 'tenant' as const,
        actor: r.actor_id ? (actorOf.get(r.actor_id) ?? r.actor_id) : null,
        action: r.action ?? `${r.table_name} ${r.operation}`,
        key: r.row_key,
        columns: r.changed_columns,
        details: [] as string[],
        table: r.table_name,
        operation: r.operation,
        employee: employeeOf(r.table_name, r.row_key),
      })),
      ...platform.map((p) => {
        const listed = (p.details as { changes?: unknown }).changes;
        return {
          at: p.at,
          source: 'platform' as const,
          actor: p.actor,
          action: p.action,
          key: null,
          columns: [] as string[],
          details: Array.isArray(listed) ? listed.map(String) : [],
          table: null,
          operation: null,
          employee: null,
        };
      }),
    ];
    return changes
      .sort((a, b) => b.at.getTime() - a.at.getTime())
      .slice(0, RECENT_CHANGES)
      .map((c) => ({ ...c, at: c.at.toISOString() }));
  }

  app.use('/console/*', requireSession());
  app.openapi(listRoute, async (c) => {
    const user = c.get('user')!;
    const session = c.get('session')!;
    if (user.platformRole !== 'consultant') {
      throw new ApiError(403, 'forbidden_role', { 'zh-CN': '只有实施顾问可以使用顾问控制台', en: 'Only consultants use the consultant console' });
    }
    if (!deps.auth.consultantSessionAllowed(user, session)) {
      throw new ApiError(403, 'two_factor_required', { 'zh-CN': '请先开启两步验证', en: 'Enable two-factor sign-in first' });
    }
    const grants = await deps.auth.grants(user.id);
    const service = await configService();
    const items = [];
    for (const g of grants) {
      // Reading a tenant's configuration and audit trail is a use of the grant, on record like any other.
      await recordPlatformAudit(deps.db, {
        actorId: user.id,
        actor: user.email,
        action: 'consultant_grant.used',
        tenantId: g.tenantId,
        details: { grantId: g.grantId, method: 'GET', path: c.req.path },
      });
      const [live, file, recent] = await Promise.all([service.live(g.slug), readSpec(g.slug), recentChanges(g.tenantId)]);
      const configView = { file: shownFile(g.slug), changes: [] as z.infer<typeof PlanChange>[], plan: '', notes: [] as string[], problems: [] as string[] };
      let status: 'in_sync' | 'drifted' | 'no_file' | 'invalid_file';
      if (!file) status = 'no_file';
      else if ('problems' in file) {
        status = 'invalid_file';
        configView.problems = file.problems;
      } else {
        const plan = await service.plan(file.spec);
        status = plan.changes.length ? 'drifted' : 'in_sync';
        configView.changes = plan.changes.map((ch) => ({ op: ch.op, kind: ch.kind, name: ch.name, details: ch.details, ...(ch.blocked ? { blocked: ch.blocked } : {}) }));
        configView.plan = formatPlan(g.slug, plan.changes, { created: plan.created });
        configView.notes = plan.notes;
      }
      items.push({
        tenantId: g.tenantId,
        slug: g.slug,
        name: g.name,
        industry: g.industry,
        grantedAt: g.grantedAt.toISOString(),
        enabledPlugins: (live?.plugins ?? []).filter((p) => p.enabled).map((p) => p.id),
        config: { status, ...configView },
        recentChanges: recent,
      });
    }
    return c.json({ items }, 200);
  });
  return app;
}
