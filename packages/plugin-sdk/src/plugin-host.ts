import type { Kysely } from 'kysely';
import type { Database } from '@lianxu/db';

/**
 * Core's people module as a plugin may use it: a plugin never writes employees itself, it asks
 * core. Structurally the people service (`packages/core/src/people/people.service.ts`).
 */
export interface PeoplePort {
  /**
   * Moves an employee to another work city: a stop in the old city and an enrollment in the new
   * one, recorded once per idempotency key. Throws a people error (status, code, messages, fields)
   * when refused.
   */
  transfer(
    tenant: { id: string; slug: string },
    actor: { id: string },
    employeeId: string,
    input: { workCity: string; effectiveDate: string },
    idempotencyKey?: string,
  ): Promise<unknown>;
}

/** One month's contributions of one wage in one city, from the policy library (integer fen). */
export interface PolicyQuote {
  policyId: string;
  /** The city's latest policy year carried forward (figures may still change). */
  provisional: boolean;
  /** False when some insurance has no figures even after carry-forward: the totals are then partial and must not be shown as the month's cost. */
  complete: boolean;
  /** The insurances without figures (empty when complete). */
  missing: string[];
  /** The policy year the month belongs to (the year `missing` refers to). */
  policyYear: number;
  /** When provisional: the earlier policy years whose figures are carried forward (their age is what a page warns about). */
  provisionalFrom: number[];
  employerFen: number;
  employeeFen: number;
}

/** The policy engine as a plugin may use it (shipped policy files plus consultants' revisions). */
export interface PolicyPort {
  /** Throws when the city is unknown or the month lies before the city's first policy year. */
  quote(input: { city: string; month: string; wageFen: number; hukou: 'local' | 'non-local' }): Promise<PolicyQuote>;
  knowsCity(cityCode: string): Promise<boolean>;
}

export interface PluginLogger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

/**
 * What core offers every plugin: tenant-scoped transactions, the business clock, the people module
 * and the policy engine. Plugins reach core only through this and the extension points.
 */
export interface PluginHost {
  /**
   * Runs `work` in one transaction in which row-level security admits only the tenant's rows
   * (core's `withTenant`). Type the transaction with the plugin's own tables joined to core's:
   *
   * @example
   * type Db = Database & ShiftTables;
   * await host.withTenant(tenantId, (trx: Kysely<Db>) => trx.selectFrom('attendance').selectAll().where('tenant_id', '=', tenantId).execute());
   */
  withTenant<T, DB = Database>(tenantId: string, work: (trx: Kysely<DB>) => Promise<T>, options?: { actorId?: string | null }): Promise<T>;
  clock: { now(): Date; today(): string };
  people: PeoplePort;
  policy: PolicyPort;
  logger: PluginLogger;
}
