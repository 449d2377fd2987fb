import {
  CompiledQuery,
  type Compilable,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  RawNode,
  createQueryId,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type OperationNode,
  type QueryResult,
} from 'kysely';
import { createRequire } from 'node:module';
import pg from 'pg';
import type { Database } from './schema';
import { ACTOR_SETTING, TENANT_SETTING } from './tenant-table';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// node-postgres's conversion of a JavaScript value to parameter text (a public subpath, untyped).
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue(value: unknown): unknown };

/**
 * Runs `work` in one transaction in which row-level security admits only `tenantId`'s rows. The
 * tenant (and the acting user, for the audit trail) are set with `set_config(..., true)`, which
 * ends with the transaction, so a pooled connection never carries a tenant into the next request.
 * Queries inside still say `where tenant_id = ...`: the policy is the net, not the only check.
 *
 * Round trips: nothing is sent before the first query, and the settings travel with it in one
 * simple-protocol message (the ids are checked to be UUIDs, the query's values go as quoted
 * literals). So a one-query read is one round trip and a write usually two (COMMIT). A plain
 * read that comes before any write runs as its own read-only transaction in that message, through
 * statements prepared once per pooled connection: under READ COMMITTED every statement takes its
 * own snapshot anyway, and read-only mode makes the server refuse any write it might hide. "Plain"
 * is decided on the query tree: no raw SQL, no row locks, only side-effect-free functions.
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
  if (!UUID.test(tenantId)) throw new Error('withTenant: tenantId must be a uuid');
  const actor = options.actorId ?? '';
  if (actor && !UUID.test(actor)) throw new Error('withTenant: actorId must be a uuid');
  const executor = db.getExecutor();
  return executor.provideConnection(async (connection) => {
    const tenant = new TenantConnection(connection, tenantId, actor);
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

const READ_ONLY_SETTINGS = `select set_config('transaction_read_only', 'on', true), set_config('${TENANT_SETTING}', $1, true), set_config('${ACTOR_SETTING}', $2, true)`;

/**
 * The connection `work` sees. Nothing is sent until its first query; that query carries the
 * settings (and BEGIN, unless it is a plain read) in the same simple-protocol message.
 */
class TenantConnection implements DatabaseConnection {
  /** Whether an explicit transaction is open (and must end with COMMIT or ROLLBACK). */
  open = false;
  private readonly settings: string;

  constructor(
    private readonly inner: DatabaseConnection,
    private readonly tenantId: string,
    private readonly actor: string,
  ) {
    this.settings = `select set_config('${TENANT_SETTING}', '${tenantId}', true), set_config('${ACTOR_SETTING}', '${actor}', true)`;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.open) return this.inner.executeQuery<R>(query);
    const shape = shapeOf(query);
    if (shape.plainRead) {
      const read = await this.plainRead<R>(query);
      if (read) return read;
    }
    // Re-checked: a concurrent query of the same work may have opened it meanwhile.
    if (!this.open) {
      this.open = true;
      const inlined = shape.raw ? undefined : inlineValues(query);
      if (inlined !== undefined) return runBatch<R>(this.inner, ['begin', this.settings, inlined]);
      await this.inner.executeQuery(CompiledQuery.raw(`begin; ${this.settings}`));
    }
    return this.inner.executeQuery<R>(query);
  }

  /** The read in its own read-only transaction, or undefined when it has to run in a real one. */
  private async plainRead<R>(query: CompiledQuery, retried = false): Promise<QueryResult<R> | undefined> {
    const args = literalArgs(query.parameters);
    if (args === undefined) return undefined;
    // Both are prepared on this connection after its first reads: no wait then.
    let settings = preparedNow(this.inner, READ_ONLY_SETTINGS);
    let statement = preparedNow(this.inner, query.sql);
    if (settings === undefined || statement === undefined) {
      [settings, statement] = await Promise.all([prepared(this.inner, READ_ONLY_SETTINGS), prepared(this.inner, query.sql)]);
    }
    // A concurrent write of the same work opened the transaction while we prepared: join it.
    if (this.open) return this.inner.executeQuery<R>(query);
    try {
      return await runBatch<R>(this.inner, [`execute ${settings}('${this.tenantId}', '${this.actor}')`, executeStatement(statement, args)]);
    } catch (error) {
      const code = (error as { code?: string }).code;
      // The server found a write after all; nothing ran, so it goes into a real transaction.
      if (code === '25006') return undefined;
      // The statement is gone (DISCARD ALL) or no longer fits (a migration changed its columns).
      if ((code === '26000' || code === '0A000') && !retried) {
        await forgetPrepared(this.inner, code, query.sql);
        return this.plainRead<R>(query, true);
      }
      throw error;
    }
  }

  /** The queries in one message (after BEGIN and the settings, if not yet sent), or undefined if one cannot be inlined. */
  async executeBatch(queries: CompiledQuery[]): Promise<QueryResult<unknown>[] | undefined> {
    if (!queries.length) return [];
    const inlined: string[] = [];
    for (const query of queries) {
      const text = shapeOf(query).raw ? undefined : inlineValues(query);
      if (text === undefined) return undefined;
      inlined.push(text);
    }
    const opening = this.open ? [] : ['begin', this.settings];
    this.open = true;
    const results = await runStatements(this.inner, [...opening, ...inlined]);
    return results.slice(opening.length);
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    if (!this.open) {
      this.open = true;
      await this.inner.executeQuery(CompiledQuery.raw(`begin; ${this.settings}`));
    }
    yield* this.inner.streamQuery<R>(query, chunkSize);
  }
}

// Node kinds a plain read may contain. Anything else (writes, raw SQL, EXPLAIN, ...) takes the
// ordinary transaction.
const READ_KINDS = new Set([
  'SelectQueryNode', 'SelectionNode', 'SelectAllNode', 'FromNode', 'TableNode', 'SchemableIdentifierNode',
  'IdentifierNode', 'AliasNode', 'ReferenceNode', 'ColumnNode', 'WhereNode', 'HavingNode', 'AndNode', 'OrNode',
  'ParensNode', 'BinaryOperationNode', 'UnaryOperationNode', 'OperatorNode', 'ValueNode', 'ValueListNode',
  'PrimitiveValueListNode', 'TupleNode', 'ListNode', 'JoinNode', 'OnNode', 'OrderByNode', 'OrderByItemNode',
  'GroupByNode', 'GroupByItemNode', 'LimitNode', 'OffsetNode', 'FetchNode', 'WithNode', 'CommonTableExpressionNode',
  'CommonTableExpressionNameNode', 'SetOperationNode', 'ValuesNode', 'CaseNode', 'WhenNode', 'CastNode',
  'DataTypeNode', 'CollateNode', 'JSONReferenceNode', 'JSONPathNode', 'JSONPathLegNode', 'JSONOperatorChainNode',
  'OverNode', 'PartitionByNode', 'PartitionByItemNode', 'SelectModifierNode', 'FunctionNode', 'AggregateFunctionNode',
]);

// Functions without side effects or transaction-bound values (so no now(), no nextval(), no
// advisory locks): a read using only these cannot tell its own transaction from the caller's.
const READ_FUNCTIONS = new Set([
  'count', 'sum', 'avg', 'min', 'max', 'bool_and', 'bool_or', 'every', 'array_agg', 'string_agg', 'json_agg',
  'jsonb_agg', 'json_object_agg', 'jsonb_object_agg', 'coalesce', 'nullif', 'greatest', 'least', 'lower', 'upper',
  'trim', 'btrim', 'length', 'char_length', 'concat', 'concat_ws', 'substring', 'replace', 'left', 'right', 'abs',
  'round', 'floor', 'ceil', 'mod', 'json_build_object', 'jsonb_build_object', 'json_build_array',
  'jsonb_build_array', 'to_json', 'to_jsonb', 'row_to_json', 'array_length', 'cardinality',
]);

interface QueryShape {
  /** Contains raw SQL, which may hold several statements or a comment: it is not inlined. */
  raw: boolean;
  /** A select that neither writes, locks, nor reads anything bound to its transaction. */
  plainRead: boolean;
}

// Shapes by SQL text: the same text is the same statement, whichever tree produced it. Bounded.
const shapes = new Map<string, QueryShape>();

function shapeOf(query: CompiledQuery): QueryShape {
  let shape = shapes.get(query.sql);
  if (!shape) {
    if (shapes.size >= 2000) shapes.clear();
    shapes.set(query.sql, (shape = inspectQuery(query.query)));
  }
  return shape;
}

function inspectQuery(root: OperationNode): QueryShape {
  const shape = { raw: false, plainRead: root.kind === 'SelectQueryNode' };
  const pending: OperationNode[] = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.kind === 'RawNode') shape.raw = true;
    if (shape.plainRead && !isReadNode(node)) shape.plainRead = false;
    for (const key in node) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) pending.push(item);
      } else if (isNode(value)) pending.push(value);
    }
  }
  return shape;
}

function isNode(value: unknown): value is OperationNode {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}

function isReadNode(node: OperationNode): boolean {
  if (!READ_KINDS.has(node.kind)) return false;
  const n = node as { kind: string; func?: string; modifier?: string };
  if (n.kind === 'FunctionNode' || n.kind === 'AggregateFunctionNode') return READ_FUNCTIONS.has(String(n.func).toLowerCase());
  // DISTINCT only; FOR UPDATE / FOR SHARE take row locks that must last the whole transaction.
  if (n.kind === 'SelectModifierNode') return n.modifier === 'Distinct';
  return true;
}

// Statements prepared on each pooled connection, by SQL text, least recently used first.
// PREPARE is sent on its own (and is not undone by a rollback), so a name in here exists.
const MAX_PREPARED = 64;
const preparedByConnection = new WeakMap<DatabaseConnection, Map<string, Promise<string>>>();
// The same statements once their PREPARE has answered, by SQL text, for a lookup without waiting.
const preparedNames = new WeakMap<DatabaseConnection, Map<string, string>>();

/** The name of a statement already prepared on this connection (kept as most recently used), or undefined. */
function preparedNow(connection: DatabaseConnection, sql: string): string | undefined {
  const name = preparedNames.get(connection)?.get(sql);
  if (name === undefined) return undefined;
  const statements = preparedByConnection.get(connection);
  const known = statements?.get(sql);
  if (!statements || !known) return undefined;
  statements.delete(sql);
  statements.set(sql, known);
  return name;
}
let preparedCount = 0;

function prepared(connection: DatabaseConnection, sql: string): Promise<string> {
  let statements = preparedByConnection.get(connection);
  if (!statements) preparedByConnection.set(connection, (statements = new Map()));
  const known = statements.get(sql);
  if (known) {
    statements.delete(sql);
    statements.set(sql, known);
    return known;
  }
  const name = `lianxu_p${++preparedCount}`;
  const done = connection.executeQuery(CompiledQuery.raw(`prepare ${name} as ${sql}`)).then(() => name);
  statements.set(sql, done);
  done.then(
    () => {
      if (statements.get(sql) !== done) return;
      let names = preparedNames.get(connection);
      if (!names) preparedNames.set(connection, (names = new Map()));
      names.set(sql, name);
    },
    () => statements.get(sql) === done && statements.delete(sql),
  );
  if (statements.size > MAX_PREPARED) {
    const [oldest, old] = statements.entries().next().value!;
    statements.delete(oldest);
    preparedNames.get(connection)?.delete(oldest);
    // Queued on the same connection behind whatever runs it now.
    void old.then((n) => connection.executeQuery(CompiledQuery.raw(`deallocate ${n}`))).catch(() => undefined);
  }
  return done;
}

/**
 * After 26000 (the server lost our statements: DISCARD ALL, a proxy's new session) the whole list
 * is stale; after 0A000 (a migration changed what the statement returns) only that statement.
 */
async function forgetPrepared(connection: DatabaseConnection, code: string, sql: string): Promise<void> {
  const statements = preparedByConnection.get(connection);
  if (code === '26000') {
    preparedByConnection.delete(connection);
    preparedNames.delete(connection);
    return;
  }
  const stale = statements?.get(sql);
  statements?.delete(sql);
  preparedNames.get(connection)?.delete(sql);
  await stale?.then((n) => connection.executeQuery(CompiledQuery.raw(`deallocate ${n}`))).catch(() => undefined);
}

function executeStatement(name: string, args: string): string {
  return args ? `execute ${name}(${args})` : `execute ${name}`;
}

/** The values as a list of SQL literals, or undefined if any is not a plain value. */
function literalArgs(values: readonly unknown[]): string | undefined {
  const literals: string[] = [];
  for (const value of values) {
    const literal = sqlLiteral(value);
    if (literal === undefined) return undefined;
    literals.push(literal);
  }
  return literals.join(', ');
}

/**
 * Runs a compiled query as a statement prepared once per pooled connection, for hot queries whose
 * planning costs more than their execution (a join run on every request). The values travel as
 * quoted literals of EXECUTE (a binary value makes it an ordinary query). Plugins' result
 * transforms are not applied. Needs direct connections or session pooling, as every prepared
 * statement does.
 *
 * @example
 * const compiled = db.selectFrom('sessions').selectAll().where('id', '=', '?').compile();
 * const { rows } = await executePrepared(db, { ...compiled, parameters: [sessionId] });
 */
export async function executePrepared<R>(db: Kysely<any>, query: CompiledQuery<R>): Promise<QueryResult<R>> {
  return db.getExecutor().provideConnection(async (connection) => {
    const args = literalArgs(query.parameters);
    if (args === undefined) return connection.executeQuery<R>(query);
    for (let attempt = 0; ; attempt++) {
      const name = preparedNow(connection, query.sql) ?? (await prepared(connection, query.sql));
      try {
        return await connection.executeQuery<R>(CompiledQuery.raw(executeStatement(name, args)));
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt > 0 || (code !== '26000' && code !== '0A000')) throw error;
        await forgetPrepared(connection, code, query.sql);
      }
    }
  });
}

/**
 * Compiles the query again with each value as a quoted literal. A quoted literal has the same
 * unknown type as an untyped `$n` parameter, so the server resolves it the same way. A binary
 * value makes it answer undefined (the query then goes with parameters).
 */
class InliningCompiler extends PostgresQueryCompiler {
  values: unknown[] = [];
  inlinable = true;

  protected override appendValue(value: unknown): void {
    this.values.push(value);
    const literal = sqlLiteral(value);
    if (literal === undefined) this.inlinable = false;
    this.append(literal ?? 'null');
  }
}

const inliner = new InliningCompiler();

function inlineValues(query: CompiledQuery): string | undefined {
  // Compiling is synchronous, so one compiler serves every caller.
  inliner.values = [];
  inliner.inlinable = true;
  const { sql } = inliner.compileQuery(query.query as Parameters<InliningCompiler['compileQuery']>[0], query.queryId);
  const { values } = inliner;
  // The same tree must have produced the same values in the same order, or we do not send it.
  if (!inliner.inlinable || values.length !== query.parameters.length) return undefined;
  for (let i = 0; i < values.length; i++) if (values[i] !== query.parameters[i]) return undefined;
  return sql;
}

/**
 * A value as a SQL string literal (or `null`), or undefined when it cannot be one. The text is
 * exactly what node-postgres would have sent as the parameter (its own prepareValue: dates, arrays,
 * JSON); escapeLiteral doubles quotes and backslashes (E'' form), so the literal is safe whatever
 * standard_conforming_strings says. A Buffer goes as bytea hex text; other binary views as parameters.
 */
function sqlLiteral(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'null';
  // bytea in its hex input form; the literal is untyped, so it takes the type of what it meets.
  if (Buffer.isBuffer(value)) return pg.escapeLiteral(`\\x${value.toString('hex')}`);
  if (typeof value === 'object' && ArrayBuffer.isView(value)) return undefined;
  let text: unknown;
  try {
    text = prepareValue(value);
  } catch {
    return undefined;
  }
  if (text === null) return 'null';
  // A NUL would cut the simple-protocol message short; the parameter path reports it properly.
  if (typeof text !== 'string' || text.includes('\0')) return undefined;
  return pg.escapeLiteral(text);
}

/**
 * Several statements in one simple-protocol message. Kysely's Postgres connection passes the query
 * text straight to node-postgres's `client.query`, which also accepts a submittable query object;
 * awaiting this object yields every statement's result (Kysely alone would keep none of them).
 */
class StatementBatch extends pg.Query implements PromiseLike<{ rows: pg.QueryResult[] }> {
  private readonly outcome: Promise<{ rows: pg.QueryResult[] }>;

  constructor(text: string) {
    super(text);
    this.outcome = new Promise((resolve, reject) => {
      (this as unknown as { callback: (error: Error | null, result: pg.QueryResult | pg.QueryResult[]) => void }).callback = (error, result) =>
        error ? reject(error) : resolve({ rows: Array.isArray(result) ? result : [result] });
    });
  }

  then<A = { rows: pg.QueryResult[] }, B = never>(
    onfulfilled?: ((value: { rows: pg.QueryResult[] }) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.outcome.then(onfulfilled, onrejected);
  }
}

const WRITE_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/** Runs the statements in one round trip and answers every one's result, in order. */
async function runStatements(connection: DatabaseConnection, statements: string[]): Promise<QueryResult<unknown>[]> {
  const text = statements.join('; ');
  const batch = new StatementBatch(text);
  const { rows: results } = (await connection.executeQuery({
    query: RawNode.createWithSql(text),
    queryId: createQueryId(),
    sql: batch as unknown as string,
    parameters: [],
  })) as unknown as { rows: pg.QueryResult[] };
  if (results.length !== statements.length || results.some((r) => typeof r?.command !== 'string')) {
    throw new Error('withTenant: the connection did not run the statement batch (it needs Kysely\'s PostgresDialect over node-postgres)');
  }
  return results.map((r) => ({
    rows: r.rows,
    numAffectedRows: WRITE_COMMANDS.has(r.command) ? BigInt(r.rowCount ?? 0) : undefined,
  }));
}

/** Runs the statements in one round trip and answers the last one's result. */
async function runBatch<R>(connection: DatabaseConnection, statements: string[]): Promise<QueryResult<R>> {
  const results = await runStatements(connection, statements);
  return results[results.length - 1] as QueryResult<R>;
}

type RowsOf<Q> = Q extends Compilable<infer R> ? R[] : never;

/**
 * Runs several queries of one withTenant work in a single round trip, in order, each seeing what
 * the ones before it wrote (every statement takes its own snapshot under READ COMMITTED), and
 * answers each one's rows. They join the work's transaction (opening it, with the tenant settings,
 * in the same message if no query came before). One that fails fails the batch and the work's
 * transaction, as a failed query alone would. Values travel as quoted literals; a query that
 * cannot (raw SQL, a binary value other than a Buffer) makes the batch run query by query.
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
    const batched = connection instanceof TenantConnection ? await connection.executeBatch(compiled) : undefined;
    if (batched) return batched.map((r) => r.rows);
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
