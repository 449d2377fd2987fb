import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import net from 'node:net';
import pg from 'pg';

/**
 * Kysely's Postgres dialect over a node-postgres pool whose clients run in pipeline mode
 * (`pipeline: true`, node-postgres's documented option since 8.2x): several queries given to one
 * client at once are all sent without waiting, and each still gets its own result or error. The
 * connection exposes its client and a register of named prepared statements, so `withTenant` can
 * send BEGIN, the tenant settings and a query as separate bound statements in one round trip.
 * Only public node-postgres API is used (Pool, client.query with a query config or text,
 * escapeIdentifier, escapeLiteral).
 *
 * @example
 * const pool = new pg.Pool({ connectionString, pipeline: true });
 * const db = new Kysely<Database>({ dialect: new PipelinedPostgresDialect(pool) });
 */
export class PipelinedPostgresDialect implements Dialect {
  constructor(private readonly pool: pg.Pool) {}
  createAdapter = () => new PostgresAdapter();
  createDriver = (): Driver => new PipelinedDriver(this.pool);
  createIntrospector = (db: Parameters<Dialect['createIntrospector']>[0]) => new PostgresIntrospector(db);
  createQueryCompiler = () => new PostgresQueryCompiler();
}

/**
 * A socket that can hold what is written to it and send it as one buffer: node-postgres writes
 * each protocol message (Parse, Bind, Describe, Execute, Sync) separately, so a corked batch of
 * four statements became one writev of a dozen-odd chunks, each with its own bookkeeping in Node's
 * stream; one concatenated write is cheaper (measured ~10 µs per tenant read). Only buffers are held
 * (node-postgres allocates a new one per message); anything else first sends what is held, in order.
 */
class BatchingSocket extends net.Socket {
  private held: Buffer[] | undefined;
  private writeAsBefore: net.Socket['write'] | undefined;

  /** Holds writes until `send()` (Node may set `write` on the instance itself: it is put back as found). */
  hold(): void {
    if (this.held) return;
    const held: Buffer[] = [];
    const writeAsBefore = this.write;
    this.held = held;
    this.writeAsBefore = writeAsBefore;
    this.write = ((chunk: unknown, ...rest: unknown[]): boolean => {
      if (Buffer.isBuffer(chunk) && rest.length === 0) {
        held.push(chunk);
        return true;
      }
      // Anything else goes after what is held, in order.
      this.send();
      return (this.write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as net.Socket['write'];
  }

  /** Writes what was held since `hold()`, as one buffer. */
  send(): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    this.write = this.writeAsBefore!;
    this.writeAsBefore = undefined;
    if (held.length) this.write(held.length === 1 ? held[0]! : Buffer.concat(held));
  }
}

/**
 * A node-postgres client that owns its socket: created here and handed over through the client's
 * documented `stream` option, so a batch of pipelined queries can be written to it at once, in one
 * write instead of one per protocol message. Given to the pool as its `Client`.
 */
export class BatchingClient extends pg.Client {
  readonly socket: BatchingSocket;

  constructor(config?: pg.ClientConfig) {
    const socket = new BatchingSocket();
    super({ ...config, stream: () => socket });
    this.socket = socket;
  }
}

/** Named statements kept per pooled connection; later distinct statements run unnamed (still bound). */
const MAX_NAMED = 200;

/** One pooled client, as Kysely sees it. Lives as long as the client (kept across checkouts). */
export class PipelinedConnection implements DatabaseConnection {
  /** Set when a ROLLBACK failed: the client is dropped from the pool on release. */
  broken = false;
  private readonly names = new Map<string, string>();
  /** Names the server has prepared on this connection (a query under that name answered). */
  private readonly ready = new Set<string>();
  private counter = 0;

  constructor(readonly client: pg.PoolClient) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.send<R>({ text: query.sql, values: [...query.parameters] });
  }

  /**
   * Gives every query to the client at once (synchronously: nothing else of the same work can come
   * between them); with pipelining they are all sent before any answer is read, in one write.
   * Answers node-postgres's results in order, or the first failure (in pipeline order: the
   * statements after it in the same transaction fail only because it did), once all have answered.
   * Callbacks, not one promise per query: this runs on every tenant read.
   */
  sendAll(queries: (pg.QueryConfig | string)[]): Promise<pg.QueryResult[]> {
    return new Promise((resolve, reject) => {
      const results: pg.QueryResult[] = new Array(queries.length);
      let pending = queries.length;
      let failure: { error: unknown } | undefined;
      const settle = (index: number, error: Error | undefined, result: pg.QueryResult) => {
        if (error) failure ??= { error };
        else results[index] = result;
        if (--pending > 0) return;
        if (failure) reject(failure.error);
        else resolve(results);
      };
      const socket = this.client instanceof BatchingClient ? this.client.socket : undefined;
      socket?.hold();
      try {
        for (let i = 0; i < queries.length; i++) {
          this.client.query(queries[i] as pg.QueryConfig, (error: Error | undefined, result: pg.QueryResult) => settle(i, error, result));
        }
      } finally {
        socket?.send();
      }
    });
  }

  /**
   * Sends SQL text without parameters as one simple-protocol message (several statements run as
   * one implicit transaction: a failure rolls all of them back) and answers every statement's
   * result, in order. The text must carry no values but quoted literals (see `sqlLiteral`).
   */
  simple(text: string): Promise<pg.QueryResult[]> {
    return new Promise((resolve, reject) => {
      this.client.query(text, (error: Error | undefined, result: pg.QueryResult | pg.QueryResult[]) =>
        error ? reject(error) : resolve(Array.isArray(result) ? result : [result]),
      );
    });
  }

  /** Whether the statement under `name` is prepared on the server (it has answered once). */
  isReady(name: string | undefined): name is string {
    return name !== undefined && this.ready.has(name);
  }

  /** Records that the statements under these names answered, so they are prepared on the server. */
  markReady(...names: (string | undefined)[]): void {
    for (const name of names) if (name !== undefined) this.ready.add(name);
  }

  /** Sends one query config (text, values, optional name); answers Kysely's result shape. */
  async send<R>(config: pg.QueryConfig | string): Promise<QueryResult<R>> {
    const result = await this.client.query(config);
    return toKyselyResult<R>(result);
  }

  /**
   * The name under which `sql` is (or is about to be) prepared on this connection, or undefined
   * once the connection holds MAX_NAMED statements. A name is never reused for another text.
   */
  nameFor(sql: string): string | undefined {
    const known = this.names.get(sql);
    if (known !== undefined || this.names.size >= MAX_NAMED) return known;
    const name = `lianxu_${++this.counter}`;
    this.names.set(sql, name);
    return name;
  }

  /**
   * After 26000 the server lost every statement (DISCARD ALL, a proxy's new session); after 0A000
   * one statement no longer fits its table. Forgotten statements get new names on their next use
   * (node-postgres remembers what it parsed under the old names, so an old name is never sent again).
   */
  forget(code: string | undefined, sql: string): void {
    if (code === '26000') {
      this.names.clear();
      this.ready.clear();
    } else {
      const name = this.names.get(sql);
      if (name !== undefined) this.ready.delete(name);
      this.names.delete(sql);
    }
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on pipelined connections (node-postgres refuses cursors in pipeline mode)');
  }
}

/** node-postgres's result as Kysely's: affected rows for writes, rows otherwise. */
export function toKyselyResult<R>(result: pg.QueryResult): QueryResult<R> {
  const { command, rowCount, rows } = result;
  if (command === 'COMMIT' || command === 'ROLLBACK') return { rows: [{ command } as R] };
  return {
    numAffectedRows: command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE' ? BigInt(rowCount ?? 0) : undefined,
    rows: (rows ?? []) as R[],
  };
}

/** Errors carrying a PostgreSQL SQLSTATE. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

class PipelinedDriver implements Driver {
  private readonly connections = new WeakMap<pg.PoolClient, PipelinedConnection>();
  private pool: pg.Pool | undefined;

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (!this.pool) throw new Error('the database driver has been destroyed');
    const client = await this.pool.connect();
    let connection = this.connections.get(client);
    if (!connection) this.connections.set(client, (connection = new PipelinedConnection(client)));
    connection.broken = false;
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const mode = [settings.isolationLevel && `isolation level ${settings.isolationLevel}`, settings.accessMode].filter(Boolean).join(' ');
    await connection.executeQuery(CompiledQuery.raw(mode ? `start transaction ${mode}` : 'begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const { rows } = await connection.executeQuery<{ command?: string }>(CompiledQuery.raw('commit'));
    // PostgreSQL answers COMMIT of an aborted transaction with ROLLBACK: the work did not commit.
    if (rows[0]?.command === 'ROLLBACK') throw new Error('the transaction was aborted by an earlier error and rolled back');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw('rollback'));
    } catch (error) {
      (connection as PipelinedConnection).broken = true;
      throw error;
    }
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${pg.escapeIdentifier(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${pg.escapeIdentifier(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${pg.escapeIdentifier(name)}`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const c = connection as PipelinedConnection;
    c.client.release(c.broken);
  }

  async destroy(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }
}

/**
 * A parameter value as an SQL string literal (or `null`), or undefined when it is of a kind sent
 * only as a bound parameter (dates, arrays, buffers, objects). The literal is untyped, as an
 * untyped `$n` parameter is, so the server resolves its type the same way; its text is the value's
 * text as node-postgres sends a string, number, bigint or boolean. escapeLiteral doubles quotes and
 * backslashes (E'' form), so the literal is safe whatever standard_conforming_strings says; a NUL
 * would cut a simple-protocol message short, so text holding one goes as a parameter.
 */
export function sqlLiteral(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return value.includes('\0') ? undefined : pg.escapeLiteral(value);
    case 'number':
      return Number.isFinite(value) ? `'${String(value)}'` : undefined;
    case 'bigint':
      return `'${String(value)}'`;
    case 'boolean':
      return value ? "'true'" : "'false'";
    default:
      return undefined;
  }
}

/** EXECUTE of a prepared statement with the values as literals, or undefined if one cannot be a literal. */
export function executeText(name: string, values: readonly unknown[]): string | undefined {
  if (values.length === 0) return `execute ${name}`;
  const literals: string[] = [];
  for (const value of values) {
    const literal = sqlLiteral(value);
    if (literal === undefined) return undefined;
    literals.push(literal);
  }
  return `execute ${name}(${literals.join(', ')})`;
}
