import type { ColumnType, Selectable } from 'kysely';
import type { CreatedAt, UpdatedAt, Defaulted } from './columns';

// Plugins a tenant turned on and its custom fields (0005-plugins, 0006-custom-fields).

/** A tenant's choice for one installed plugin; disabling keeps the row and the plugin's data. */
export interface TenantPluginsTable {
  tenant_id: string;
  plugin_id: string;
  enabled: boolean;
  /** The tenant's options for the plugin (validated by the plugin's options schema on write). */
  options: ColumnType<Record<string, unknown>, string | undefined, string>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  updated_by: string | null;
}
export type TenantPluginRow = Selectable<TenantPluginsTable>;

export type CustomFieldType = 'text' | 'number' | 'date' | 'single_select' | 'multi_select' | 'yes_no' | 'pattern_text';

/** A tenant's custom field; its values live in employees.custom_fields under `key`. */
export interface CustomFieldDefinitionsTable {
  tenant_id: string;
  key: string;
  type: CustomFieldType;
  labels: ColumnType<{ 'zh-CN': string; en: string }, string, string>;
  required: Defaulted<boolean>;
  options: ColumnType<Record<string, unknown>, string | undefined, string>;
  show_in: ColumnType<{ form: boolean; list: boolean; export: boolean }, string | undefined, string>;
  searchable: Defaulted<boolean>;
  position: Defaulted<number>;
  deleted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  updated_by: string | null;
}
export type CustomFieldDefinitionRow = Selectable<CustomFieldDefinitionsTable>;

/** The shared index of searchable custom field values (kept by a trigger on employees). */
export interface CustomFieldSearchTable {
  tenant_id: string;
  field_key: string;
  /** Strings as they are; numbers and true/false as JSON writes them; one row per multi-select choice. */
  value: string;
  employee_id: string;
  /** The employee's hire date (YYYY-MM-DD), for the list's default order. */
  hire_date: string;
}
