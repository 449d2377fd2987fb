import { sql } from 'kysely';
import { ApplicationFailure } from '@temporalio/common';
import { withTenant, type Database } from '@lianxu/db';
import type { Kysely } from 'kysely';
import type { TenancyActivities, TenantApplyActor } from '@lianxu/workflows';
import type { TenantSpec } from './tenant-spec';
import { createAuthService, normalizeEmail, recordPlatformAudit, setUserMobile } from '@lianxu/auth';
import { createCustomFieldService } from '../custom-fields/index';
import { PeopleError } from '../shared/index';
import { PluginOptionsError, PluginRequirementError } from '../plugins/index';
import { discoverPlugins, type PluginSet } from '../plugins/index';
import { createPluginService } from '../plugins/index';
import { createPolicyLibraryService, type PolicyLibraryService } from '../policy-library/index';
import { pluginSections } from './tenant-plugin-sections';
import { diffGrants, diffPlugins } from './tenant-config.diff';
import { appliedLine } from '../shared/index';

/**
 * Two applies of the same tenant's file at once (a retried activity beside the first attempt, two
 * consultants) would each read "not there yet" and both insert: each sync's transaction first takes
 * the tenant's sync lock, so the second waits and then reads what the first wrote.
 */
async function lockTenantSync(trx: Kysely<Database>, tenantId: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${`tenant-sync:${tenantId}`}))`.execute(trx);
}

/** The shared password of demo sign-ins; they exist only in demo mode. */
export const DEMO_PASSWORD = 'lianxu-demo';

export interface TenancyDeps {
  db: Kysely<Database>;
  /** Installed plugins, for a file's `plugins:`; default: discovered from plugins/ on first use. */
  plugins?: PluginSet | Promise<PluginSet>;
  policies?: Pick<PolicyLibraryService, 'library'>;
}

/** Platform audit action of an apply that changed something; `actor` is who ran it. */
export const AUDIT_TENANT_CONFIG_APPLIED = 'tenant_config.applied';

/** A change the file asks for that cannot be made: retrying will not help, so the workflow fails with it. */
function refused(message: string, type = 'TenantConfigRefused'): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, type);
}

/** Domain refusals become non-retryable failures naming what was refused; anything else is retried. */
async function orRefuse<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PeopleError) throw refused(error.message, error.code);
    if (error instanceof PluginOptionsError) throw refused(`${error.message}: ${Object.entries(error.fields).map(([k, v]) => `${k}: ${v.en}`).join('; ')}`, 'plugin_options');
    if (error instanceof PluginRequirementError) throw refused(error.message, error.code);
    throw error;
  }
}

/**
 * The tenancy module's activities: the only writers of tenants and tenant_cities. The sections a
 * tenant file adds beyond those are written through their owners (plugin enablement, custom
 * fields, consultant grants; each plugin's own section through the plugin's tenantConfig hook).
 */
export function createTenancyActivities({ db, plugins, policies }: TenancyDeps): TenancyActivities<TenantSpec> {
  let installed: Promise<PluginSet> | undefined;
  const pluginSet = () => (installed ??= Promise.resolve(plugins ?? discoverPlugins()));
  const auth = createAuthService(db);
  const sections = pluginSections({ db, plugins: pluginSet, ...(policies ? { policies } : {}) });

  /** The user id of whoever applies, when they have an account (their row changes then carry it). */
  async function actorIdOf(actor: TenantApplyActor | undefined): Promise<string | null> {
    if (!actor?.email) return null;
    const row = await db.selectFrom('users').select('id').where('email', '=', normalizeEmail(actor.email)).executeTakeFirst();
    return row?.id ?? null;
  }

  const syncPluginSections: TenancyActivities<TenantSpec>['syncPluginSections'] = async ({ tenantId, plugins: entries, actor }) => {
    const actorId = await actorIdOf(actor);
    const cities = (await (policies ?? createPolicyLibraryService({ db })).library()).cities.map((c) => c.code);
    const changes: string[] = [];
    // Each plugin applies its own section (tenantConfig); core only passes it on, in the file's order.
    for (const entry of entries) {
      if (entry.config === undefined) continue;
      const result = await sections.apply(entry.id, tenantId, entry.config, cities, actorId);
      if ('refused' in result) throw refused(result.refused);
      changes.push(...result.applied);
    }
    return { changes };
  };

  return {
    async upsertTenantProfile(spec) {
      // One statement: insert, or update only when something differs, so a re-apply writes nothing.
      const row = await sql<{ id: string; inserted: boolean }>`
        insert into tenants (slug, name, industry) values (${spec.slug}, ${spec.name}, ${spec.industry})
        on conflict (slug) do update set name = excluded.name, industry = excluded.industry, updated_at = now()
          where (tenants.name, tenants.industry) is distinct from (excluded.name, excluded.industry)
        returning id, (xmax = 0) as inserted`.execute(db);
      const written = row.rows[0];
      if (written) return { tenantId: written.id, created: written.inserted, changed: true };
      const existing = await db.selectFrom('tenants').select('id').where('slug', '=', spec.slug).executeTakeFirstOrThrow();
      return { tenantId: existing.id, created: false, changed: false };
    },

    async syncDemoUsers({ tenantId, demo }) {
      const auth = createAuthService(db);
      const created: string[] = [];
      for (const u of demo.users) {
        const exists = await db.selectFrom('users').select('id').where('email', '=', u.email.toLowerCase()).executeTakeFirst();
        const id = await auth.ensureUser({ email: u.email, name: u.name, password: DEMO_PASSWORD });
        await auth.ensureMembership(id, tenantId, u.role);
        if (u.mobile) await setUserMobile(db, id, u.mobile);
        if (!exists) created.push(u.email);
      }
      for (const c of demo.consultants) {
        const exists = await db.selectFrom('users').select('id').where('email', '=', c.email.toLowerCase()).executeTakeFirst();
        await auth.ensureUser({ email: c.email, name: c.name, platformRole: 'consultant', password: DEMO_PASSWORD });
        await auth.grantConsultant({ tenantId, consultantEmail: c.email, grantedBy: { id: null, label: 'platform (tenant.yaml)' } });
        if (!exists) created.push(c.email);
      }
      return { created };
    },

    async syncLifecycleSetup({ tenantId, settings, entities, actor }) {
      const actorId = await actorIdOf(actor);
      return withTenant(db, tenantId, async (trx) => {
        await lockTenantSync(trx, tenantId);
        const changes: string[] = [];
        const current = await trx.selectFrom('tenant_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
        if (!current) {
          await trx.insertInto('tenant_settings').values({ tenant_id: tenantId, warn_day: settings.warnDay, approval_required: settings.approvalRequired }).execute();
          changes.push('settings created');
        } else if (current.warn_day !== settings.warnDay || current.approval_required !== settings.approvalRequired) {
          await trx.updateTable('tenant_settings').set({ warn_day: settings.warnDay, approval_required: settings.approvalRequired, updated_at: new Date() }).where('tenant_id', '=', tenantId).execute();
          changes.push('settings changed');
        }
        // Entities are matched by credit code; one missing from the file is kept (employees refer to it).
        for (const e of entities) {
          let row = await trx.selectFrom('entities').select(['id', 'name']).where('tenant_id', '=', tenantId).where('credit_code', '=', e.creditCode).executeTakeFirst();
          if (!row) {
            row = await trx.insertInto('entities').values({ tenant_id: tenantId, name: e.name, credit_code: e.creditCode }).returning(['id', 'name']).executeTakeFirstOrThrow();
            changes.push(`entity added: ${e.creditCode}`);
          } else if (row.name !== e.name) {
            await trx.updateTable('entities').set({ name: e.name, updated_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', row.id).execute();
            changes.push(`entity renamed: ${e.creditCode}`);
          }
          const regs = await trx.selectFrom('entity_registrations').selectAll().where('tenant_id', '=', tenantId).where('entity_id', '=', row.id).execute();
          const have = new Map(regs.map((r) => [`${r.city_code}/${r.agency}`, r]));
          const want = new Set(e.registrations.map((r) => `${r.city}/${r.agency}`));
          for (const r of e.registrations) {
            const existing = have.get(`${r.city}/${r.agency}`);
            if (existing && existing.registration_no === r.number && existing.gateway === r.gateway) continue;
            await trx.insertInto('entity_registrations')
              .values({ tenant_id: tenantId, entity_id: row.id, city_code: r.city, agency: r.agency, registration_no: r.number, gateway: r.gateway })
              .onConflict((oc) => oc.columns(['tenant_id', 'entity_id', 'city_code', 'agency']).doUpdateSet({ registration_no: r.number, gateway: r.gateway }))
              .execute();
            changes.push(`registration ${existing ? 'changed' : 'added'}: ${e.creditCode} ${r.city} ${r.agency}`);
          }
          for (const r of regs) {
            if (want.has(`${r.city_code}/${r.agency}`)) continue;
            await trx.deleteFrom('entity_registrations').where('tenant_id', '=', tenantId).where('entity_id', '=', row.id).where('city_code', '=', r.city_code).where('agency', '=', r.agency).execute();
            changes.push(`registration removed: ${e.creditCode} ${r.city_code} ${r.agency}`);
          }
        }
        return { changes };
      }, { actorId });
    },

    async syncTenantCities({ tenantId, cities, actor }) {
      const actorId = await actorIdOf(actor);
      return withTenant(db, tenantId, async (trx) => {
        await lockTenantSync(trx, tenantId);
        const current = await trx.selectFrom('tenant_cities').select(['city_code', 'city_name', 'cutoff_day']).where('tenant_id', '=', tenantId).execute();
        const cutoff = new Map(cities.map((c) => [c.code, c.cutoffDay ?? 25]));
        const wanted = new Map(cities.map((c) => [c.code, c.name]));
        const have = new Map(current.map((c) => [c.city_code, c.city_name]));
        const added = cities.filter((c) => !have.has(c.code)).map((c) => c.code);
        const removed = current.filter((c) => !wanted.has(c.city_code)).map((c) => c.city_code);
        const renamed = cities.filter((c) => have.has(c.code) && have.get(c.code) !== c.name).map((c) => c.code);
        if (added.length) {
          await trx
            .insertInto('tenant_cities')
            .values(added.map((code) => ({ tenant_id: tenantId, city_code: code, city_name: wanted.get(code)!, cutoff_day: cutoff.get(code)! })))
            .onConflict((oc) => oc.columns(['tenant_id', 'city_code']).doNothing())
            .execute();
        }
        if (removed.length) {
          await trx.deleteFrom('tenant_cities').where('tenant_id', '=', tenantId).where('city_code', 'in', removed).execute();
        }
        for (const code of renamed) {
          await trx.updateTable('tenant_cities').set({ city_name: wanted.get(code)! }).where('tenant_id', '=', tenantId).where('city_code', '=', code).execute();
        }
        const cutoffChanged = current.filter((c) => wanted.has(c.city_code) && c.cutoff_day !== cutoff.get(c.city_code)).map((c) => c.city_code);
        for (const code of cutoffChanged) {
          await trx.updateTable('tenant_cities').set({ cutoff_day: cutoff.get(code)! }).where('tenant_id', '=', tenantId).where('city_code', '=', code).execute();
        }
        return { added, removed, renamed, cutoffChanged };
      }, { actorId });
    },

    async syncPlugins({ tenantId, plugins: wanted, actor }) {
      const actorId = await actorIdOf(actor);
      const set = await pluginSet();
      const service = createPluginService({ db, plugins: set });
      const live = await withTenant(db, tenantId, (trx) => trx.selectFrom('tenant_plugins').select(['plugin_id', 'enabled', 'options']).where('tenant_id', '=', tenantId).execute());
      const plan = diffPlugins(live.map((p) => ({ id: p.plugin_id, enabled: p.enabled, options: p.options ?? {} })), wanted, set);
      const blocked = plan.find((c) => c.blocked);
      if (blocked) throw refused(`plugin ${blocked.name}: ${blocked.blocked}`);
      const order = (id: string) => set.list.findIndex((p) => p.id === id);
      const changes: string[] = [];
      // Dependents go off before what they require, and requirements come on first.
      for (const c of plan.filter((x) => x.op === '-').sort((a, b) => order(b.name) - order(a.name))) {
        await orRefuse(() => service.setEnabled(tenantId, c.name, { enabled: false }, { actorId }));
        changes.push(appliedLine(c, 'disabled'));
      }
      for (const c of plan.filter((x) => x.op !== '-').sort((a, b) => order(a.name) - order(b.name))) {
        const w = wanted.find((p) => p.id === c.name)!;
        await orRefuse(() => service.setEnabled(tenantId, c.name, { enabled: true, options: w.options ?? {} }, { actorId }));
        changes.push(appliedLine(c, c.op === '+' ? 'enabled' : 'options changed'));
      }
      return { changes };
    },

    async syncCustomFields({ tenantId, fields, actor }) {
      const actorId = await actorIdOf(actor);
      return orRefuse(() => createCustomFieldService({ db }).sync(tenantId, fields, { id: actorId }));
    },

    syncPluginSections,

    async syncBranches({ tenantId, branches, actor }) {
      // Only for a provisioning run started before plugins owned their sections (its spec still has
      // the top-level list): the plugin whose section was once that key applies it.
      const owner = (await pluginSet()).list.find((p) => p.definition.extensionPoints?.tenantConfig?.formerKey === 'branches');
      if (!owner) throw refused('no installed plugin owns the former top-level branches section');
      return syncPluginSections({ tenantId, plugins: [{ id: owner.id, enabled: true, config: { branches } }], ...(actor ? { actor } : {}) });
    },

    async syncConsultantGrants({ tenantId, emails, actor }) {
      const actorId = await actorIdOf(actor);
      const by = { id: actorId, label: actor ? `${actor.name} (tenant.yaml)` : 'platform (tenant.yaml)' };
      const live = await auth.tenantGrants(tenantId);
      const wanted = emails.map((e) => normalizeEmail(e));
      const accounts = new Set(
        (wanted.length ? await db.selectFrom('users').select('email').where('email', 'in', wanted).where('platform_role', '=', 'consultant').execute() : []).map((u) => u.email),
      );
      const plan = diffGrants(live.map((g) => g.email), wanted, accounts);
      const blocked = plan.find((c) => c.blocked);
      if (blocked) throw refused(`consultant grant ${blocked.name}: ${blocked.blocked}`);
      const changes: string[] = [];
      for (const c of plan) {
        if (c.op === '+') await auth.grantConsultant({ tenantId, consultantEmail: c.name, grantedBy: by });
        else {
          const grant = live.find((g) => g.email === c.name);
          if (grant) await auth.revokeGrant({ tenantId, grantId: grant.id, revokedBy: by });
        }
        changes.push(appliedLine(c, c.op === '+' ? 'added' : 'revoked'));
      }
      return { changes };
    },

    async recordApply({ tenantId, slug, actor, changes }) {
      await recordPlatformAudit(db, {
        actorId: await actorIdOf(actor),
        actor: actor ? (actor.email && actor.email !== actor.name ? `${actor.name} <${actor.email}>` : actor.name) : 'platform (tenant.yaml)',
        action: AUDIT_TENANT_CONFIG_APPLIED,
        tenantId,
        details: { slug, changes },
      });
    },
  };
}
