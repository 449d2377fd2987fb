import type { Kysely } from 'kysely';
import { stringify } from 'yaml';
import { withTenant, type Database } from '@lianxu/db';
import { createAuthService } from '@lianxu/auth';
import type { TenantPluginSpec, TenantSpec } from './tenant-spec';
import { createCustomFieldService, diffCustomFields } from '../custom-fields/index';
import { definitionFromRow, specOf } from '../custom-fields/index';
import { discoverPlugins, type PluginSet } from '../plugins/index';
import { createPolicyLibraryService, type PolicyLibraryService } from '../policy-library/index';
import { pluginSections } from './tenant-plugin-sections';
import {
  diffCities,
  diffEntities,
  diffGrants,
  diffPlugins,
  diffProfile,
  diffSettings,
  entityNotes,
  type LivePlugin,
  type LiveSettings,
} from './tenant-config.diff';
import type { PlanChange } from '../shared/index';

/** The live tenant as its parts are stored, read in one go for plan and export. */
export interface LiveTenant {
  tenantId: string;
  profile: { name: string; industry: TenantSpec['industry'] };
  workCities: TenantSpec['workCities'];
  settings: LiveSettings;
  entities: NonNullable<TenantSpec['entities']>;
  plugins: LivePlugin[];
  customFields: ReturnType<typeof definitionFromRow>[];
  deletedFields: Map<string, string>;
  /** Plugins' live sections of the file, by plugin id (only plugins that own one and are installed). */
  sections: Map<string, Record<string, unknown>>;
  consultantGrants: string[];
}

export interface TenantPlan {
  slug: string;
  tenantId: string | null;
  created: boolean;
  changes: PlanChange[];
  /** Things worth knowing that apply will not change (an entity missing from the file is kept). */
  notes: string[];
}

export interface TenantConfigDeps {
  db: Kysely<Database>;
  /** Installed plugins; default: discovered from plugins/. */
  plugins?: PluginSet | Promise<PluginSet>;
  policies?: Pick<PolicyLibraryService, 'library'>;
}

/**
 * Tenant configuration as code, read side: the live tenant as a tenant file (export), and the
 * plan of a file against it (what apply would add, change and remove). Reads only; apply is the
 * provisioning workflow, whose activities use the same diffs.
 */
export function createTenantConfigService(deps: TenantConfigDeps) {
  const { db } = deps;
  let installed: Promise<PluginSet> | undefined;
  const plugins = () => (installed ??= Promise.resolve(deps.plugins ?? discoverPlugins()));
  const policies = deps.policies ?? createPolicyLibraryService({ db });
  const customFields = createCustomFieldService({ db });
  const auth = createAuthService(db);
  const sections = pluginSections({ db, plugins, policies });

  async function live(slug: string): Promise<LiveTenant | null> {
    const tenant = await db.selectFrom('tenants').select(['id', 'name', 'industry']).where('slug', '=', slug).executeTakeFirst();
    if (!tenant) return null;
    const liveSections = await sections.read(tenant.id);
    const parts = await withTenant(db, tenant.id, async (trx) => {
      const [cities, settings, entities, registrations, pluginRows, fieldRows] = await Promise.all([
        trx.selectFrom('tenant_cities').select(['city_code', 'city_name', 'cutoff_day']).where('tenant_id', '=', tenant.id).orderBy('city_code').execute(),
        trx.selectFrom('tenant_settings').select(['warn_day', 'approval_required']).where('tenant_id', '=', tenant.id).executeTakeFirst(),
        trx.selectFrom('entities').select(['id', 'name', 'credit_code']).where('tenant_id', '=', tenant.id).orderBy('created_at').orderBy('credit_code').execute(),
        trx.selectFrom('entity_registrations').selectAll().where('tenant_id', '=', tenant.id).orderBy('city_code').orderBy('agency').execute(),
        trx.selectFrom('tenant_plugins').select(['plugin_id', 'enabled', 'options']).where('tenant_id', '=', tenant.id).orderBy('plugin_id').execute(),
        trx.selectFrom('custom_field_definitions').selectAll().where('tenant_id', '=', tenant.id).execute(),
      ]);
      return { cities, settings, entities, registrations, pluginRows, fieldRows };
    });
    const grants = await auth.tenantGrants(tenant.id);
    const live = parts.fieldRows.filter((r) => !r.deleted_at).map(definitionFromRow);
    return {
      tenantId: tenant.id,
      profile: { name: tenant.name, industry: tenant.industry as TenantSpec['industry'] },
      workCities: parts.cities.map((c) => ({ code: c.city_code, name: c.city_name, cutoffDay: c.cutoff_day })),
      settings: parts.settings ? { warnDay: parts.settings.warn_day, approvalRequired: parts.settings.approval_required } : null,
      entities: parts.entities.map((e) => ({
        name: e.name,
        creditCode: e.credit_code,
        registrations: parts.registrations.filter((r) => r.entity_id === e.id).map((r) => ({ city: r.city_code, agency: r.agency, number: r.registration_no, gateway: r.gateway })),
      })),
      plugins: parts.pluginRows.map((p) => ({ id: p.plugin_id, enabled: p.enabled, options: p.options ?? {} })),
      customFields: live.sort((a, b) => a.position - b.position || (a.key < b.key ? -1 : 1)),
      deletedFields: new Map(parts.fieldRows.filter((r) => r.deleted_at).map((r) => [r.key, r.type])),
      sections: liveSections,
      consultantGrants: grants.map((g) => g.email).sort(),
    };
  }

  async function cityCodes(): Promise<string[]> {
    return (await policies.library()).cities.map((c) => c.code);
  }

  /** E-mails that have (or, for demo consultants the same apply creates, will have) a consultant account. */
  async function consultantAccounts(spec: TenantSpec): Promise<Set<string>> {
    const emails = [...(spec.consultantGrants ?? []), ...(spec.demo?.consultants ?? []).map((c) => c.email)].map((e) => e.toLowerCase());
    const found = emails.length
      ? await db.selectFrom('users').select('email').where('email', 'in', emails).where('platform_role', '=', 'consultant').execute()
      : [];
    return new Set([...found.map((u) => u.email), ...(spec.demo?.consultants ?? []).map((c) => c.email.toLowerCase())]);
  }

  const service = {
    live,

    /**
     * What applying `spec` would change, as plan lines. Sections the file leaves out (plugins,
     * customFields, a plugin's config, consultantGrants) are not managed by it and are not compared.
     * Demo sign-ins count only when `spec.demo` is given (demo mode).
     */
    async plan(spec: TenantSpec): Promise<TenantPlan> {
      const current = await live(spec.slug);
      const set = await plugins();
      const changes: PlanChange[] = [];
      changes.push(...diffProfile(current?.profile ?? null, spec));
      changes.push(...diffCities(current?.workCities ?? [], spec.workCities));
      changes.push(...diffSettings(current ? current.settings : null, spec.settings ?? { warnDay: 25, approvalRequired: false }));
      changes.push(...diffEntities(current?.entities ?? [], spec.entities ?? []));
      if (spec.demo) {
        const emails = [...spec.demo.users.map((u) => u.email), ...spec.demo.consultants.map((c) => c.email)].map((e) => e.toLowerCase());
        const existing = new Set((emails.length ? await db.selectFrom('users').select('email').where('email', 'in', emails).execute() : []).map((u) => u.email));
        for (const email of new Set(emails)) if (!existing.has(email)) changes.push({ op: '+', kind: 'demo sign-in', name: email, details: [] });
      }
      if (spec.plugins) changes.push(...diffPlugins(current?.plugins ?? [], spec.plugins, set));
      if (spec.customFields) changes.push(...diffCustomFields(current?.customFields ?? [], current?.deletedFields ?? new Map(), spec.customFields));
      // Each plugin's own section, planned by the plugin (in the order of the file's plugins).
      for (const p of spec.plugins ?? []) if (p.config) changes.push(...(await sections.plan(p.id, current?.tenantId ?? null, p.config, await cityCodes())));
      if (spec.consultantGrants) {
        const wanted = [...spec.consultantGrants, ...(spec.demo?.consultants ?? []).map((c) => c.email)];
        changes.push(...diffGrants(current?.consultantGrants ?? [], wanted, await consultantAccounts(spec)));
      }
      return { slug: spec.slug, tenantId: current?.tenantId ?? null, created: !current, changes, notes: current ? entityNotes(current.entities, spec.entities ?? []) : [] };
    },

    /** The live tenant as a tenant file: every managed section, defaults left out; null for an unknown slug. */
    async export(slug: string): Promise<TenantSpec | null> {
      const current = await live(slug);
      if (!current) return null;
      const spec: TenantSpec = {
        slug,
        name: current.profile.name,
        industry: current.profile.industry,
        workCities: current.workCities,
        settings: current.settings ?? { warnDay: 25, approvalRequired: false },
        entities: current.entities,
        // A plugin's section is part of its entry while the plugin is on.
        plugins: current.plugins.map((p) => {
          const entry: TenantPluginSpec = { id: p.id, enabled: p.enabled };
          if (Object.keys(p.options).length) entry.options = p.options;
          const section = current.sections.get(p.id);
          if (p.enabled && section) entry.config = section;
          return entry;
        }),
        customFields: current.customFields.map(specOf),
        consultantGrants: current.consultantGrants,
      };
      return spec;
    },

    customFields,
  };
  return service;
}
export type TenantConfigService = ReturnType<typeof createTenantConfigService>;

/** A tenant spec as tenant.yaml text, with the schema reference editors use. */
export function tenantSpecToYaml(spec: TenantSpec, header: string[] = []): string {
  const ordered: Record<string, unknown> = {
    slug: spec.slug,
    name: spec.name,
    industry: spec.industry,
    workCities: spec.workCities.map((c) => ({ code: c.code, name: c.name, cutoffDay: c.cutoffDay ?? 25 })),
    settings: spec.settings,
    entities: spec.entities,
  };
  for (const key of ['plugins', 'customFields', 'consultantGrants', 'demo'] as const) if (spec[key] !== undefined) ordered[key] = spec[key];
  const lines = ['# yaml-language-server: $schema=../tenant.schema.json', ...header.map((h) => `# ${h}`)];
  return `${lines.join('\n')}\n${stringify(ordered, { lineWidth: 0 })}`;
}
