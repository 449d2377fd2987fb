import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  industry: string;
  config_hash: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
export type Tenant = Selectable<TenantsTable>;
export type NewTenant = Insertable<TenantsTable>;
export type TenantUpdate = Updateable<TenantsTable>;

export interface TenantCitiesTable {
  tenant_id: string;
  city_code: string;
  city_name: string;
  created_at: CreatedAt;
}
export type TenantCity = Selectable<TenantCitiesTable>;

/** The whole database as Kysely sees it. */
export interface Database {
  tenants: TenantsTable;
  tenant_cities: TenantCitiesTable;
}
