import {
  CompiledQuery,
  type Compilable,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';
import type pg from 'pg';
import { executeText, PipelinedConnection, sqlState, toKyselyResult } from './pipelined-driver';
import { isPlainRead } from './read-shape';
import type { Database } from './schema';
import { ACTOR_SETTING, EMPLOYEE_SETTING, TENANT_SETTING } from './tenant-table';
import { isUuid } from './uuid';


/**
 * Runs `work` in one transaction in which row-level security admits only `tenantId`'s rows. The
 * tenant (and the acting user, for the audit trail) are set with `set_config(..., true)`, which
 * ends with the transaction, so a pooled connection never carries a tenant into the next request.
 * Queries inside still say `where tenant_id = ...`: the policy is the net, not the only check.
 *
 * Round trips: nothing is sent before the first query; BEGIN, the settings (bound parameters) and
 * that query are then given to the pipelined client together, so they travel in one round trip.
 * A one-query read is one round trip and a write usually two (COMMIT). A plain read that comes
 * before any write runs as its own read-only transaction: under READ COMMITTED every statement
 * takes its own snapshot anyway, and read-only mode makes the server refuse any write it might
 * hide. "Plain" is decided on the query tree: no raw SQL, no row locks, only side-effect-free
 * functions. The first time a connection meets a read, BEGIN, the settings and the read (both
 * named prepared statements) and COMMIT are pipelined; after that, when its values can be quoted
 * literals, the read is one simple-protocol message, `execute settings(...); execute read(...)`,
 * which the server runs as one implicit transaction (one statement to parse and plan instead of
 * four protocol exchanges: about a fifth of a tenant read's CPU, in the API and in PostgreSQL).
 *
 * Needs a database opened with `createDb` (a pipelined node-postgres pool).
 *
 * @example
 * const cities = await withTenant(db, tenantId, (trx) =>
 *   trx.selectFrom('tenant_cities').selectAll().where('tenant_id', '=', tenantId).execute());
 */
export async function withTenant<T>(
  db: Kysely<Database>,
  tenantId: string,
  work: (trx: Kysely<Database>) => Promise<T>,
  options: { actorId?: string | null } = {},
): Promise<T> {
  if (!isUuid(tenantId)) throw new Error('withTenant: tenantId must be a uuid');
  const actor = options.actorId ?? '';
  if (actor && !isUuid(actor)) throw new Error('withTenant: actorId must be a uuid');
  return runScoped(db, { text: SETTINGS_SQL, readOnlyText: READ_ONLY_SETTINGS_SQL, values: [tenantId, actor] }, work);
}

/**
 * As `withTenant`, and confined to one employee: the transaction also sets `app.employee_id`, which
 * the restrictive `employee_self` policies (migration 0014) check, so every read and write of the
 * employee tables (employees, wage history, events, filing tasks, coverage periods, links, requests,
 * and notifications addressed to them) sees only that employee's rows. For self-service routes.
 *
 * @example
 * const periods = await withEmployee(db, tenantId, employeeId, (trx) =>
 *   trx.selectFrom('coverage_periods').selectAll().where('tenant_id', '=', tenantId).execute(), { actorId: userId });
 */
export async function withEmployee<T>(
  db: Kysely<Database>,
  tenantId: string,
  employeeId: string,
  work: (trx: Kysely<Database>) => Promise<T>,
  options: { actorId?: string | null } = {},
): Promise<T> {
  if (!isUuid(tenantId)) throw new Error('withEmployee: tenantId must be a uuid');
  if (!isUuid(employeeId)) throw new Error('withEmployee: employeeId must be a uuid');
  const actor = options.actorId ?? '';
  if (actor && !isUuid(actor)) throw new Error('withEmployee: actorId must be a uuid');
  return runScoped(db, { text: EMPLOYEE_SETTINGS_SQL, readOnlyText: READ_ONLY_EMPLOYEE_SETTINGS_SQL, values: [tenantId, actor, employeeId] }, work);
}

async function runScoped<T>(db: Kysely<Database>, settings: Settings, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  const executor = db.getExecutor();
  return executor.provideConnection(async (connection) => {
    if (!(connection instanceof PipelinedConnection)) throw new Error('withTenant: the database must be opened with createDb (a pipelined node-postgres pool)');
    const tenant = new TenantConnection(connection, settings);
    const trx = new Kysely<Database>({
      config: BOUND_CONFIG,
      dialect: BOUND_DIALECT,
      driver: BOUND_DRIVER,
      executor: executor.withConnectionProvider({ provideConnection: (consumer) => consumer(tenant) }),
    });
    let result: T;
    try {
      result = await work(trx);
    } catch (error) {
      if (tenant.open) await connection.executeQuery(CompiledQuery.raw('rollback')).catch(() => undefined);
      throw error;
    }
    if (tenant.open) await connection.executeQuery(CompiledQuery.raw('commit'));
    return result;
  });
}

/** The settings statement of a transaction (and of a read-only one) and its bound values. */
interface Settings {
  text: string;
  readOnlyText: string;
  values: string[];
}

const SETTINGS_SQL = `select set_config('${TENANT_SETTING}', $1, true), set_config('${ACTOR_SETTING}', $2, true)`;
const EMPLOYEE_SETTINGS_SQL = `select set_config('${TENANT_SETTING}', $1, true), set_config('${ACTOR_SETTING}', $2, true), set_config('${EMPLOYEE_SETTING}', $3, true)`;
// The same, in a transaction made read-only (what SET TRANSACTION READ ONLY sets), so that an
// implicit transaction (one simple-protocol message, no BEGIN) can be read-only too.
const READ_ONLY = `set_config('transaction_read_only', 'on', true)`;
const READ_ONLY_SETTINGS_SQL = SETTINGS_SQL.replace('select ', `select ${READ_ONLY}, `);
const READ_ONLY_EMPLOYEE_SETTINGS_SQL = EMPLOYEE_SETTINGS_SQL.replace('select ', `select ${READ_ONLY}, `);

/** A compiled query as node-postgres's query config: its text and its values as bound parameters. */
function bound(query: CompiledQuery, name?: string): pg.QueryConfig {
  return { name, text: query.sql, values: [...query.parameters] };
}

/**
 * Gives every query to the pipelined client at once (synchronously, so nothing of the same work
 * can come between them) and answers each result, in order. The first failure is thrown: the
 * statements after it in the same transaction fail only because it did.
 */
async function pipelined(connection: PipelinedConnection, queries: (pg.QueryConfig | string)[]): Promise<QueryResult<unknown>[]> {
  return (await connection.sendAll(queries)).map((result) => toKyselyResult(result));
}

/**
 * The connection `work` sees. Nothing is sent until its first query; that query goes with BEGIN
 * and the settings (or, for a plain read, in a read-only transaction of its own).
 */
class TenantConnection implements DatabaseConnection {
  /** Whether an explicit transaction is open (and must end with COMMIT or ROLLBACK). */
  open = false;

  constructor(
    private readonly inner: PipelinedConnection,
    private readonly settings: Settings,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.open) return this.inner.executeQuery<R>(query);
    if (isPlainRead(query)) {
      const read = await this.plainRead<R>(query);
      if (read) return read;
      // A concurrent query of the same work may have opened the transaction meanwhile: join it.
      if (this.open) return this.inner.executeQuery<R>(query);
    }
    const [result] = await this.inTransaction([bound(query)]);
    return result as QueryResult<R>;
  }

  /** The queries in the work's transaction, pipelined behind BEGIN and the settings if it is not open yet. */
  inTransaction(queries: pg.QueryConfig[]): Promise<QueryResult<unknown>[]> {
    if (this.open) return pipelined(this.inner, queries);
    this.open = true;
    const opening = ['begin', { text: this.settings.text, values: this.settings.values }];
    return pipelined(this.inner, [...opening, ...queries]).then((results) => results.slice(opening.length));
  }

  /** The read in its own read-only transaction, in one round trip; undefined when it has to run in a real one. */
  private async plainRead<R>(query: CompiledQuery): Promise<QueryResult<R> | undefined> {
    const inner = this.inner;
    const settingsName = inner.nameFor(this.settings.readOnlyText);
    const readName = inner.nameFor(query.sql);
    // Both prepared on this connection already: one simple-protocol message (an implicit transaction).
    const text = inner.isReady(settingsName) && inner.isReady(readName) ? executeText(readName, query.parameters) : undefined;
    if (text === undefined) return this.pipelinedRead<R>(query, false, settingsName, readName);
    try {
      const results = await inner.simple(`${executeText(settingsName!, this.settings.values)}; ${text}`);
      return toKyselyResult<R>(results[1]!);
    } catch (error) {
      const code = sqlState(error);
      // The server found a write after all (the implicit transaction is rolled back): it goes into a real one.
      if (code === '25006') return undefined;
      // The statements are gone (DISCARD ALL) or one no longer fits (a migration changed its columns): prepared anew.
      if (code === '26000' || code === '0A000') {
        inner.forget(code, query.sql);
        if (this.open) return undefined;
        return this.pipelinedRead<R>(query, true);
      }
      throw error;
    }
  }

  /**
   * BEGIN, the read-only settings and the read (named statements, prepared with this), COMMIT,
   * pipelined. The statements' names are looked up here unless the caller has them.
   */
  private async pipelinedRead<R>(
    query: CompiledQuery,
    retried: boolean,
    settingsName = this.inner.nameFor(this.settings.readOnlyText),
    readName = this.inner.nameFor(query.sql),
  ): Promise<QueryResult<R> | undefined> {
    const batch = ['begin', { name: settingsName, text: this.settings.readOnlyText, values: this.settings.values }, bound(query, readName), 'commit'];
    try {
      const result = toKyselyResult<R>((await this.inner.sendAll(batch))[2]!);
      this.inner.markReady(settingsName, readName);
      return result;
    } catch (error) {
      const code = sqlState(error);
      // The server found a write after all (and rolled the read-only transaction back): it goes into a real transaction.
      if (code === '25006') return undefined;
      // The statement is gone (DISCARD ALL) or no longer fits (a migration changed its columns): prepared anew once.
      if ((code === '26000' || code === '0A000') && !retried) {
        this.inner.forget(code, query.sql);
        if (this.open) return undefined;
        return this.pipelinedRead<R>(query, true);
      }
      throw error;
    }
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('withTenant: streaming is not supported on pipelined connections');
  }
}

/**
 * Runs a compiled query as a named statement prepared once per pooled connection (bound
 * parameters), for hot queries whose planning costs more than their execution (a join run on
 * every request). Plugins' result transforms are not applied. Needs direct connections or session
 * pooling, as every prepared statement does.
 *
 * @example
 * const compiled = db.selectFrom('sessions').selectAll().where('id', '=', '?').compile();
 * const { rows } = await executePrepared(db, { ...compiled, parameters: [sessionId] });
 */
export async function executePrepared<R>(db: Kysely<any>, query: CompiledQuery<R>): Promise<QueryResult<R>> {
  return db.getExecutor().provideConnection(async (connection) => {
    if (!(connection instanceof PipelinedConnection)) return connection.executeQuery<R>(query);
    for (let attempt = 0; ; attempt++) {
      try {
        // Prepared already: EXECUTE with literals in one simple-protocol message; else bound and prepared.
        const name = connection.nameFor(query.sql);
        const text = connection.isReady(name) ? executeText(name, query.parameters) : undefined;
        if (text !== undefined) return toKyselyResult<R>((await connection.simple(text))[0]!);
        const result = await connection.send<R>(bound(query, name));
        connection.markReady(name);
        return result;
      } catch (error) {
        const code = sqlState(error);
        if (attempt > 0 || (code !== '26000' && code !== '0A000')) throw error;
        connection.forget(code, query.sql);
      }
    }
  });
}

type RowsOf<Q> = Q extends Compilable<infer R> ? R[] : never;

/**
 * Runs several queries of one withTenant work in a single round trip (pipelined), in order, each
 * seeing what the ones before it wrote (every statement takes its own snapshot under READ
 * COMMITTED), and answers each one's rows. They join the work's transaction (opening it, with the
 * tenant settings, in the same round trip if no query came before). One that fails fails the batch
 * and the work's transaction, as a failed query alone would. Values are bound parameters.
 *
 * @example
 * const [entities, settings] = await inOneRoundTrip(trx, [
 *   trx.selectFrom('entities').select('id').where('tenant_id', '=', tenantId),
 *   trx.selectFrom('tenant_settings').selectAll().where('tenant_id', '=', tenantId),
 * ] as const);
 */
export async function inOneRoundTrip<const Q extends readonly Compilable<any>[]>(
  trx: Kysely<Database>,
  queries: Q,
): Promise<{ -readonly [K in keyof Q]: RowsOf<Q[K]> }> {
  const compiled = queries.map((q) => q.compile());
  const rows = await trx.getExecutor().provideConnection(async (connection) => {
    if (!compiled.length) return [];
    if (connection instanceof TenantConnection) return (await connection.inTransaction(compiled.map((q) => bound(q)))).map((r) => r.rows);
    const each: unknown[][] = [];
    for (const query of compiled) each.push((await connection.executeQuery(query)).rows);
    return each;
  });
  return rows as { -readonly [K in keyof Q]: RowsOf<Q[K]> };
}

// What `trx` is built from. Queries go through the caller's executor (its compiler and plugins)
// on the tenant connection; the driver is only reached for a nested transaction, which is refused.
const BOUND_DRIVER: Driver = {
  init: async () => undefined,
  acquireConnection: async () => {
    throw new Error('withTenant: the transaction has its own connection');
  },
  beginTransaction: async () => {
    throw new Error('withTenant: work already runs in a transaction');
  },
  commitTransaction: async () => undefined,
  rollbackTransaction: async () => undefined,
  releaseConnection: async () => undefined,
  destroy: async () => undefined,
};
const BOUND_DIALECT: Dialect = {
  createAdapter: () => new PostgresAdapter(),
  createDriver: () => BOUND_DRIVER,
  createIntrospector: (db) => new PostgresIntrospector(db),
  createQueryCompiler: () => new PostgresQueryCompiler(),
};
const BOUND_CONFIG = { dialect: BOUND_DIALECT };
