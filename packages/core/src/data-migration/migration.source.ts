import { randomUUID } from 'node:crypto';
import type { ConnectionOptions } from 'node:tls';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { withTenant, type Database } from '@lianxu/db';
import type { PersonalDataVault } from '../shared/index';
import { MigrationError } from './migration.errors';
import { MIGRATION_FILE_NAMES, type MigrationFile } from './migration.mapping';
import type { OpenedPackage } from './migration.package';

// A run loaded from the old system's read-only database instead of a package. The source (URL,
// password, TLS mode and CA certificate) is sealed under the tenant's data key on the run
// (migration_runs.manifest = {source: {kind, sslmode, cipher, keyId}}: a database run has no
// package manifest) and never answered by any route nor written to a log or an error. Each file is
// read with COPY ... TO STDOUT (CSV) in a read-only repeatable-read transaction, as a title row, the
// Chinese header row and the rows: the same text the old system's CSV export holds, so the loader
// checks, counts and quarantines exactly as it does for a package.
//
// TLS follows libpq's sslmode: disable (plain), prefer (TLS when the server offers it, else plain),
// require (TLS or nothing; the certificate is not checked) and verify-full (TLS with the given CA
// certificate and the host name checked). The mode is a field of its own: a URL carrying ssl
// parameters is refused, so there is one place that decides.

export const SSL_MODES = ['disable', 'prefer', 'require', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

export interface LegacySource {
  /** postgres://user@host:port/database (the password may be in it or given apart). */
  url: string;
  password?: string;
  sslmode: SslMode;
  /** PEM; required by verify-full. */
  caCert?: string;
}

const LEGACY_QUERIES: Record<MigrationFile, { headers: string[]; sql: string }> = {
  roster: { headers: ['工号', '姓名', '证件号码', '户口性质', '参保城市', '入职日期', '离职日期', '月工资'], sql: 'select emp_no, name, id_number, hukou, city, hire_date, leave_date, wage from employees order by emp_no' },
  coverage: { headers: ['证件号码', '姓名', '参保城市', '险种', '月份', '参保状态'], sql: 'select id_number, name, city, insurance, month, status from coverage order by seq' },
  contributions: {
    headers: ['证件号码', '姓名', '参保城市', '缴费月份', '险种', '缴费基数', '单位缴费', '个人缴费'],
    sql: 'select id_number, name, city, month, insurance, base, employer, employee from contributions order by seq',
  },
};

const refuse = (status: 400 | 422, code: string, field: keyof LegacySource, zh: string, en: string) =>
  new MigrationError(status, code, { 'zh-CN': zh, en }, { [field]: { 'zh-CN': zh, en } });

/** Refuses what cannot be a source (before any connection): a URL with TLS parameters, verify-full without a CA. */
export function checkLegacySource(source: LegacySource): void {
  let url: URL;
  try {
    url = new URL(source.url);
  } catch {
    throw refuse(400, 'invalid_input', 'url', '应为 postgres:// 开头的数据库地址', 'must be a postgres:// database URL');
  }
  if (!/^postgres(ql)?:$/.test(url.protocol) || !url.hostname)
    throw refuse(400, 'invalid_input', 'url', '应为 postgres:// 开头的数据库地址', 'must be a postgres:// database URL');
  if ([...url.searchParams.keys()].some((k) => k.startsWith('ssl')))
    throw refuse(400, 'invalid_input', 'url', '地址中不能带 ssl 参数：请用 sslmode 字段指定 TLS', 'must not carry ssl parameters: give TLS with the sslmode field');
  if (source.sslmode === 'verify-full' && !source.caCert)
    throw refuse(400, 'invalid_input', 'caCert', 'sslmode 为 verify-full 时须提供 CA 证书', 'required when sslmode is verify-full');
}

function clientConfig(source: LegacySource, ssl: false | ConnectionOptions): pg.ClientConfig {
  const url = new URL(source.url);
  if (source.password !== undefined) url.password = encodeURIComponent(source.password);
  return { connectionString: url.toString(), ssl, application_name: 'lianxu-migration-source', connectionTimeoutMillis: 10_000, statement_timeout: 0 };
}

const NO_TLS = /does not support SSL/i;

/**
 * A connection to the old system's database as its sslmode says; refusals name the field at fault
 * and never the URL or the password.
 */
export async function connectLegacySource(source: LegacySource): Promise<pg.Client> {
  checkLegacySource(source);
  const attempt = async (ssl: false | ConnectionOptions) => {
    const client = new pg.Client(clientConfig(source, ssl));
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  };
  const host = new URL(source.url).hostname;
  const tls: Record<SslMode, false | ConnectionOptions> = {
    disable: false,
    prefer: { rejectUnauthorized: false },
    require: { rejectUnauthorized: false },
    'verify-full': { rejectUnauthorized: true, ca: source.caCert, servername: host },
  };
  try {
    try {
      return await attempt(tls[source.sslmode]);
    } catch (error) {
      if (source.sslmode === 'prefer' && NO_TLS.test((error as Error).message)) return await attempt(false);
      throw error;
    }
  } catch (error) {
    throw sourceFailure(error as Error & { code?: string }, source.sslmode);
  }
}

function sourceFailure(error: Error & { code?: string }, sslmode: SslMode): MigrationError {
  if (NO_TLS.test(error.message))
    return refuse(422, 'source_tls_unavailable', 'sslmode', `旧系统数据库不提供 TLS 加密连接，sslmode=${sslmode} 要求 TLS：连接被拒绝（可改用 prefer，或在旧系统上启用 TLS）`,
      `The old system's database does not offer TLS, which sslmode=${sslmode} requires: not connected (use prefer, or enable TLS on the old system)`);
  if (/certificate|self.signed|hostname|altnames|CERT_|UNABLE_TO/i.test(`${error.code ?? ''} ${error.message}`))
    return refuse(422, 'source_tls_untrusted', 'caCert', '旧系统数据库的 TLS 证书无法用所给的 CA 证书验证（或主机名不符）', "The old system's TLS certificate cannot be verified with the given CA certificate (or its host name does not match)");
  if (error.code === '28P01' || error.code === '28000')
    return refuse(422, 'source_auth', 'password', '旧系统数据库拒绝了这个用户名或密码', "The old system's database refused this user name or password");
  if (error.code === '3D000') return refuse(422, 'source_unreachable', 'url', '旧系统上没有这个数据库', 'The old system has no such database');
  return refuse(422, 'source_unreachable', 'url', '无法连接旧系统数据库（地址、端口或网络）', "The old system's database cannot be reached (host, port or network)");
}

/** Connects, checks that the old system's three tables can be read, and disconnects. */
export async function probeLegacySource(source: LegacySource): Promise<void> {
  const client = await connectLegacySource(source);
  try {
    for (const file of Object.keys(LEGACY_QUERIES) as MigrationFile[])
      await client.query(`select 1 from (${LEGACY_QUERIES[file].sql}) q limit 1`).catch(() => {
        throw refuse(422, 'source_schema', 'url', `旧系统数据库中无法读取“${MIGRATION_FILE_NAMES[file]}”`, `The old system's database has no readable "${MIGRATION_FILE_NAMES[file]}"`);
      });
  } finally {
    await client.end().catch(() => undefined);
  }
}

const csvCell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const csvLine = (cells: string[]) => `${cells.map(csvCell).join(',')}\n`;

/** The source read as a package: each file a CSV stream (title row, header row, rows) straight from COPY. */
export function legacySourcePackage(source: LegacySource, runId: string, tenantId: string): OpenedPackage {
  const files = (Object.keys(LEGACY_QUERIES) as MigrationFile[]).map((f) => ({ file: f, name: `${MIGRATION_FILE_NAMES[f]}.csv` }));
  return {
    manifest: {
      version: 2, runId, tenantId, createdAt: new Date().toISOString(),
      files: files.map(({ name }) => ({ name, rows: -1, bytes: -1, sha256: '', cipherSha256: '', offset: 0, length: 0, iv: '', tag: '' })),
    },
    openFile(name) {
      const entry = files.find((f) => f.name === name);
      if (!entry) throw new MigrationError(422, 'package_manifest_mismatch', { 'zh-CN': `旧系统数据库中没有“${name}”`, en: `The old system's database has no "${name}"` });
      const { headers, sql } = LEGACY_QUERIES[entry.file];
      const out = new PassThrough();
      out.write(csvLine([MIGRATION_FILE_NAMES[entry.file], ...headers.slice(1).map(() => '')]));
      out.write(csvLine(headers));
      void (async () => {
        const client = await connectLegacySource(source);
        try {
          await client.query('begin transaction isolation level repeatable read read only');
          await pipeline(client.query(copyStreams.to(`copy (${sql}) to stdout with (format csv)`)), out);
          await client.query('commit');
        } finally {
          await client.end().catch(() => undefined);
        }
      })().catch((error: unknown) => {
        const refused = error instanceof MigrationError ? error : sourceFailure(error as Error, source.sslmode);
        // A source out of reach may come back: a plain error, so the load's activity is retried (no
        // address in it); TLS, login or tables refused are final.
        out.destroy(refused.code === 'source_unreachable' ? new Error(refused.messages.en) : refused);
      });
      return out as Readable;
    },
  };
}

interface StoredSource {
  source?: { kind: 'database'; sslmode: SslMode; cipher: string; keyId: string };
}

/** A source sealed under the tenant's data key (the run's and the dual run's alike). */
export function sealLegacySource(trx: Kysely<Database>, vault: PersonalDataVault, tenantId: string, source: LegacySource) {
  return vault.encrypt(trx, tenantId, JSON.stringify(source));
}

/** A sealed source, opened; a bare URL sealed before sources had a shape reads as sslmode=prefer. */
export async function unsealLegacySource(trx: Kysely<Database>, vault: PersonalDataVault, tenantId: string, cipher: Buffer, keyId: string): Promise<LegacySource> {
  const text = await vault.decrypt(trx, tenantId, cipher, keyId);
  return text.startsWith('{') ? (JSON.parse(text) as LegacySource) : { url: text, sslmode: 'prefer' };
}

/**
 * connectLegacySource for work that is retried: a source out of reach may come back, so it is a
 * plain error (no address in it); TLS, login or a malformed source stay refusals.
 */
export function connectLegacySourceRetryable(source: LegacySource): Promise<pg.Client> {
  return connectLegacySource(source).catch((error: unknown) => {
    throw error instanceof MigrationError && error.code === 'source_unreachable' ? new Error(error.messages.en) : error;
  });
}

/** A new run whose files come from the source, sealed on it under the tenant's data key (one statement). */
export async function createSourceRun(deps: { db: Kysely<Database>; vault: PersonalDataVault }, tenantId: string, source: LegacySource): Promise<string> {
  const runId = randomUUID();
  await withTenant(deps.db, tenantId, async (trx) => {
    const sealed = await sealLegacySource(trx, deps.vault, tenantId, source);
    const stored: StoredSource = { source: { kind: 'database', sslmode: source.sslmode, cipher: sealed.cipher.toString('base64'), keyId: sealed.keyId } };
    await trx.insertInto('migration_runs').values({ tenant_id: tenantId, id: runId, manifest: JSON.stringify(stored) }).execute();
  });
  return runId;
}

/** The run's database source, unsealed; null for a run loaded from a package. */
export async function legacySourceOf(deps: { db: Kysely<Database>; vault: PersonalDataVault }, tenantId: string, runId: string): Promise<LegacySource | null> {
  return withTenant(deps.db, tenantId, async (trx) => {
    const run = await trx.selectFrom('migration_runs').select('manifest').where('tenant_id', '=', tenantId).where('id', '=', runId).executeTakeFirst();
    const stored = (run?.manifest ?? null) as StoredSource | null;
    if (stored?.source?.kind !== 'database') return null;
    return unsealLegacySource(trx, deps.vault, tenantId, Buffer.from(stored.source.cipher, 'base64'), stored.source.keyId);
  });
}
