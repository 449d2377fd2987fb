import { sql, type Kysely } from 'kysely';
import { withTenant, type CustomFieldDefinitionRow, type Database } from '@lianxu/db';
import { localizeIssue, fieldPath } from '@lianxu/plugin-sdk';
import type { CustomFieldSpec } from './custom-field.spec';
import type { z } from 'zod';
import { appliedLine, conflict, PeopleError, type LocalizedText, type PlanChange } from '../shared/index';
import { byPosition, diffCustomFields } from './custom-field.plan';
import {
  customFieldPatchSchema,
  customFieldSpecSchema,
  definitionFromRow,
  definitionOf,
  specOf,
  type CustomFieldDefinition,
} from './custom-field.definition';

/** A definition as the API shows it. */
export interface CustomFieldView extends CustomFieldDefinition {
  deletedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CustomFieldActor {
  id: string | null;
}

/** Audit action written by hand beside the trigger's row change when a field is deleted. */
export const AUDIT_CUSTOM_FIELD_DELETED = 'custom_field.deleted';

const VALIDATION: LocalizedText = { 'zh-CN': '输入有误，请检查标出的字段', en: 'Some fields are invalid' };
const msg = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

function parse<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, LocalizedText> = {};
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[fieldPath([...issue.path, key], prefix)] ??= msg('没有这个属性', 'is not a property of a custom field');
    } else fields[fieldPath(issue.path, prefix)] ??= localizeIssue(issue);
  }
  throw new PeopleError(400, 'validation_failed', VALIDATION, fields);
}

const noField = (key: string) => new PeopleError(404, 'not_found', msg(`没有自定义字段“${key}”`, `No custom field "${key}"`));

const viewOf = (row: CustomFieldDefinitionRow): CustomFieldView => ({
  ...definitionFromRow(row),
  deletedAt: row.deleted_at ? row.deleted_at.toISOString() : null,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** Live fields in display order (position, then key). */

type Trx = Kysely<Database>;

/** The live (not deleted) definitions of a tenant inside a tenant transaction, in display order. */
export async function activeCustomFields(trx: Trx, tenantId: string): Promise<CustomFieldDefinition[]> {
  const rows = await trx.selectFrom('custom_field_definitions').selectAll().where('tenant_id', '=', tenantId).where('deleted_at', 'is', null).execute();
  return rows.map(definitionFromRow).sort(byPosition);
}

/**
 * The custom-fields module: the only writer of custom_field_definitions. Values are the people
 * module's (employees.custom_fields); this module says what a valid value is.
 */
export function createCustomFieldService({ db }: { db: Kysely<Database> }) {
  async function rows(trx: Trx, tenantId: string) {
    return trx.selectFrom('custom_field_definitions').selectAll().where('tenant_id', '=', tenantId).execute();
  }

  async function employeesWith(trx: Trx, tenantId: string, key: string, value?: unknown): Promise<number> {
    const probe = value === undefined ? sql`custom_fields ? ${key}` : sql`custom_fields @> ${JSON.stringify({ [key]: value })}::jsonb`;
    const r = await sql<{ n: number }>`select count(*)::int as n from employees where tenant_id = ${tenantId} and ${probe}`.execute(trx);
    return r.rows[0]?.n ?? 0;
  }

  async function insertOrRestore(trx: Trx, tenantId: string, actor: CustomFieldActor, spec: CustomFieldSpec, position: number | null): Promise<'added' | 'restored'> {
    const existing = await trx.selectFrom('custom_field_definitions').selectAll().where('tenant_id', '=', tenantId).where('key', '=', spec.key).forUpdate().executeTakeFirst();
    const d = definitionOf(spec, 0);
    if (existing && !existing.deleted_at) {
      throw conflict('custom_field_exists', `已有键为 ${spec.key} 的自定义字段`, `A custom field with key ${spec.key} exists`, 'key');
    }
    if (existing && existing.type !== d.type) {
      throw conflict(
        'custom_field_key_used',
        `键 ${spec.key} 曾属于一个已删除的 ${existing.type} 字段，其数值仍保留；请换一个键`,
        `The key ${spec.key} belonged to a deleted ${existing.type} field whose values are kept; choose another key`,
        'key',
      );
    }
    const pos = position ?? (await nextPosition(trx, tenantId));
    const values = {
      type: d.type,
      labels: JSON.stringify(d.labels),
      required: d.required,
      searchable: d.searchable,
      show_in: JSON.stringify(d.showIn),
      options: JSON.stringify(d.options),
      position: pos,
      updated_by: actor.id,
    };
    if (existing) {
      // Same key, same type: the field comes back with the values it kept.
      await trx.updateTable('custom_field_definitions').set({ ...values, deleted_at: null, updated_at: new Date() }).where('tenant_id', '=', tenantId).where('key', '=', spec.key).execute();
      if (d.searchable) await reindex(trx, tenantId, d.key, true);
      return 'restored';
    }
    await trx.insertInto('custom_field_definitions').values({ tenant_id: tenantId, key: d.key, ...values }).execute();
    if (d.searchable) await reindex(trx, tenantId, d.key, true);
    return 'added';
  }

  /** Keeps custom_field_search in step with a field's searchable flag (the trigger keeps it in step with values). */
  async function reindex(trx: Trx, tenantId: string, key: string, searchable: boolean): Promise<void> {
    if (searchable) await sql`select custom_field_search_refresh(${tenantId}::uuid, ${key})`.execute(trx);
    else await trx.deleteFrom('custom_field_search').where('tenant_id', '=', tenantId).where('field_key', '=', key).execute();
  }

  async function nextPosition(trx: Trx, tenantId: string): Promise<number> {
    const r = await trx.selectFrom('custom_field_definitions').select(sql<number>`coalesce(max(position) + 1, 0)::int`.as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    return r.n;
  }

  /** One writer of a tenant's definitions at a time (two admins, or an admin and an apply). */
  const lock = (trx: Trx, tenantId: string) => sql`select pg_advisory_xact_lock(hashtext(${`custom_field_definitions:${tenantId}`}))`.execute(trx);

  const service = {
    /** The tenant's fields in display order; deleted ones only when asked. */
    async list(tenantId: string, options: { includeDeleted?: boolean } = {}): Promise<CustomFieldView[]> {
      return withTenant(db, tenantId, async (trx) => {
        const all = (await rows(trx, tenantId)).filter((r) => options.includeDeleted || !r.deleted_at);
        return all.map(viewOf).sort(byPosition);
      });
    },

    /** Live definitions (for validating values), in display order. */
    async definitions(tenantId: string): Promise<CustomFieldDefinition[]> {
      return withTenant(db, tenantId, (trx) => activeCustomFields(trx, tenantId));
    },

    /** Adds a field (400 naming each bad attribute; 409 when the key is taken). A deleted field of the same type comes back with its values. */
    async create(tenantId: string, actor: CustomFieldActor, input: unknown): Promise<CustomFieldView> {
      const spec = parse(customFieldSpecSchema, input) as CustomFieldSpec;
      return withTenant(
        db,
        tenantId,
        async (trx) => {
          await lock(trx, tenantId);
          await insertOrRestore(trx, tenantId, actor, spec, null);
          const row = await trx.selectFrom('custom_field_definitions').selectAll().where('tenant_id', '=', tenantId).where('key', '=', spec.key).executeTakeFirstOrThrow();
          return viewOf(row);
        },
        { actorId: actor.id },
      );
    },

    /**
     * Changes labels, required, searchable, where it shows, options or position. The key and type
     * never change, so values are never touched: a renamed label keeps every value. Removing a
     * choice that employees hold is refused (409 naming options.choices).
     */
    async update(tenantId: string, actor: CustomFieldActor, key: string, input: unknown): Promise<CustomFieldView> {
      if (input && typeof input === 'object' && !Array.isArray(input)) {
        for (const fixed of ['key', 'type'] as const) {
          if (fixed in input) {
            throw new PeopleError(400, 'validation_failed', VALIDATION, {
              [fixed]: msg(fixed === 'key' ? '字段的键不能修改（数值按键保存）' : '字段类型不能修改；请新建一个字段', fixed === 'key' ? 'never changes (values are stored under it)' : 'never changes; add a new field instead'),
            });
          }
        }
      }
      const patch = parse(customFieldPatchSchema, input);
      return withTenant(
        db,
        tenantId,
        async (trx) => {
          await lock(trx, tenantId);
          const row = await trx.selectFrom('custom_field_definitions').selectAll().where('tenant_id', '=', tenantId).where('key', '=', key).where('deleted_at', 'is', null).executeTakeFirst();
          if (!row) throw noField(key);
          const current = definitionFromRow(row);
          const next = definitionOf(
            {
              key,
              type: current.type,
              labels: patch.labels ?? current.labels,
              required: patch.required ?? current.required,
              searchable: patch.searchable ?? current.searchable,
              showIn: { ...current.showIn, ...patch.showIn },
              options: patch.options ?? current.options,
            },
            patch.position ?? current.position,
          );
          // The options must still fit the type (a select keeps its choices, a pattern its pattern).
          parse(customFieldSpecSchema, specOf(next));
          if (next.options.choices && current.options.choices) {
            const kept = new Set(next.options.choices.map((c) => c.value));
            for (const c of current.options.choices) {
              if (kept.has(c.value)) continue;
              const held = await employeesWith(trx, tenantId, key, current.type === 'multi_select' ? [c.value] : c.value);
              if (held) {
                throw conflict(
                  'custom_field_choice_in_use',
                  `选项 ${c.value} 仍有 ${held} 名员工在用，不能删除`,
                  `The choice ${c.value} is held by ${held} employees and cannot be removed`,
                  'options.choices',
                );
              }
            }
          }
          await trx
            .updateTable('custom_field_definitions')
            .set({
              labels: JSON.stringify(next.labels),
              required: next.required,
              searchable: next.searchable,
              show_in: JSON.stringify(next.showIn),
              options: JSON.stringify(next.options),
              position: next.position,
              updated_at: new Date(),
              updated_by: actor.id,
            })
            .where('tenant_id', '=', tenantId)
            .where('key', '=', key)
            .execute();
          if (next.searchable !== current.searchable) await reindex(trx, tenantId, key, next.searchable);
          return viewOf(await trx.selectFrom('custom_field_definitions').selectAll().where('tenant_id', '=', tenantId).where('key', '=', key).executeTakeFirstOrThrow());
        },
        { actorId: actor.id },
      );
    },

    /**
     * Deletes a field: without `confirm` nothing happens and the answer (409) says how many
     * employees hold a value; with it the field is hidden, its values are kept, and the audit log
     * has the row change and a `custom_field.deleted` entry.
     */
    async remove(tenantId: string, actor: CustomFieldActor, key: string, options: { confirm: boolean }): Promise<{ key: string; deleted: true; employeesWithValues: number }> {
      return withTenant(
        db,
        tenantId,
        async (trx) => {
          await lock(trx, tenantId);
          const row = await trx.selectFrom('custom_field_definitions').select(['key']).where('tenant_id', '=', tenantId).where('key', '=', key).where('deleted_at', 'is', null).executeTakeFirst();
          if (!row) throw noField(key);
          const held = await employeesWith(trx, tenantId, key);
          if (!options.confirm) {
            throw new PeopleError(
              409,
              'confirmation_required',
              msg(
                `删除字段 ${key} 会把它和 ${held} 名员工的数值一起隐藏（数值保留）。确认请加上 ?confirm=true 再试`,
                `Deleting ${key} hides it and the values of ${held} employees (the values are kept). Repeat with ?confirm=true to delete`,
              ),
              { confirm: msg('需要确认', 'must be true to delete') },
            );
          }
          await trx.updateTable('custom_field_definitions').set({ deleted_at: new Date(), updated_at: new Date(), updated_by: actor.id }).where('tenant_id', '=', tenantId).where('key', '=', key).execute();
          await reindex(trx, tenantId, key, false);
          await trx
            .insertInto('audit_log')
            .values({
              tenant_id: tenantId,
              actor_id: actor.id,
              table_name: 'custom_field_definitions',
              operation: 'delete',
              row_key: JSON.stringify({ key, employeesWithValues: held }),
              changed_columns: ['deleted_at'],
              action: AUDIT_CUSTOM_FIELD_DELETED,
            })
            .execute();
          return { key, deleted: true as const, employeesWithValues: held };
        },
        { actorId: actor.id },
      );
    },

    /** Adds the given definitions (a plugin's presets) that the tenant does not have yet; the others are reported as skipped. */
    async addPresets(tenantId: string, actor: CustomFieldActor, specs: CustomFieldSpec[]): Promise<{ added: CustomFieldView[]; skipped: { key: string; reason: 'exists' | 'key_used' }[] }> {
      for (const [i, s] of specs.entries()) parse(customFieldSpecSchema, s, `presets[${i}]`);
      return withTenant(
        db,
        tenantId,
        async (trx) => {
          await lock(trx, tenantId);
          const existing = new Map((await rows(trx, tenantId)).map((r) => [r.key, r]));
          const skipped: { key: string; reason: 'exists' | 'key_used' }[] = [];
          const addedKeys: string[] = [];
          for (const spec of specs) {
            const row = existing.get(spec.key);
            if (row && !row.deleted_at) skipped.push({ key: spec.key, reason: 'exists' });
            else if (row && row.type !== spec.type) skipped.push({ key: spec.key, reason: 'key_used' });
            else {
              await insertOrRestore(trx, tenantId, actor, spec, null);
              addedKeys.push(spec.key);
            }
          }
          const now = (await rows(trx, tenantId)).filter((r) => addedKeys.includes(r.key));
          return { added: addedKeys.map((k) => viewOf(now.find((r) => r.key === k)!)), skipped };
        },
        { actorId: actor.id },
      );
    },

    // ---- tenant configuration as code ----

    /** The live fields as tenant.yaml writes them, in display order. */
    async specs(tenantId: string): Promise<CustomFieldSpec[]> {
      return (await service.definitions(tenantId)).map(specOf);
    },

    /** What `sync` would change (nothing is written). */
    async plan(tenantId: string, wanted: CustomFieldSpec[]): Promise<PlanChange[]> {
      return withTenant(db, tenantId, async (trx) => {
        const all = await rows(trx, tenantId);
        const deleted = new Map(all.filter((r) => r.deleted_at).map((r) => [r.key, r.type]));
        return diffCustomFields(all.filter((r) => !r.deleted_at).map(definitionFromRow), deleted, wanted);
      });
    },

    /**
     * Makes the live fields equal the wanted list (adds, changes, deletes, display order), exactly
     * as `plan` shows; a second run changes nothing. Refuses (nothing written) while a change is blocked.
     */
    async sync(tenantId: string, wanted: CustomFieldSpec[], actor: CustomFieldActor): Promise<{ changes: string[] }> {
      return withTenant(
        db,
        tenantId,
        async (trx) => {
          await lock(trx, tenantId);
          const all = await rows(trx, tenantId);
          const deleted = new Map(all.filter((r) => r.deleted_at).map((r) => [r.key, r.type]));
          const plan = diffCustomFields(all.filter((r) => !r.deleted_at).map(definitionFromRow), deleted, wanted);
          const blocked = plan.find((c) => c.blocked);
          if (blocked) throw new PeopleError(409, 'custom_field_blocked', msg(`自定义字段 ${blocked.name}：${blocked.blocked}`, `custom field ${blocked.name}: ${blocked.blocked}`));
          const changes: string[] = [];
          for (const c of plan) {
            if (c.op === '-') {
              await trx.updateTable('custom_field_definitions').set({ deleted_at: new Date(), updated_at: new Date(), updated_by: actor.id }).where('tenant_id', '=', tenantId).where('key', '=', c.name).execute();
              await reindex(trx, tenantId, c.name, false);
              changes.push(appliedLine(c, 'deleted'));
            }
          }
          for (const [i, spec] of wanted.entries()) {
            const c = plan.find((p) => p.name === spec.key);
            if (!c) {
              // Unchanged, but its stored position may be a gap left by a deletion: keep it, order is what counts.
              continue;
            }
            if (c.op === '+') {
              await insertOrRestore(trx, tenantId, actor, spec, i);
              changes.push(appliedLine(c, deleted.has(spec.key) ? 'restored' : 'added'));
            } else if (c.op === '~') {
              const d = definitionOf(spec, i);
              const wasSearchable = all.find((r) => r.key === spec.key)?.searchable;
              await trx
                .updateTable('custom_field_definitions')
                .set({
                  labels: JSON.stringify(d.labels),
                  required: d.required,
                  searchable: d.searchable,
                  show_in: JSON.stringify(d.showIn),
                  options: JSON.stringify(d.options),
                  updated_at: new Date(),
                  updated_by: actor.id,
                })
                .where('tenant_id', '=', tenantId)
                .where('key', '=', spec.key)
                .execute();
              if (wasSearchable !== d.searchable) await reindex(trx, tenantId, spec.key, d.searchable);
              changes.push(appliedLine(c));
            }
          }
          // Display order: rewrite positions only when the order changed, so a re-apply writes nothing.
          if (plan.some((c) => c.op !== '-')) {
            for (const [i, spec] of wanted.entries()) {
              await trx.updateTable('custom_field_definitions').set({ position: i }).where('tenant_id', '=', tenantId).where('key', '=', spec.key).where('position', '<>', i).execute();
            }
          }
          return { changes };
        },
        { actorId: actor.id },
      );
    },
  };
  return service;
}
export type CustomFieldService = ReturnType<typeof createCustomFieldService>;
