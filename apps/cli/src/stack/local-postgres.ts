import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureDatabaseAndRoles, findFreePort, isPortFree } from '@lianxu/db';
import { startEmbeddedPostgres } from '@lianxu/db/launcher';
import { DATA_DIR, SECRETS_FILE } from './paths';

interface Secrets {
  superuser: string;
  owner: string;
  app: string;
}

/** Passwords of the local cluster, made once on first start and kept under .data/ (mode 0600). */
async function localSecrets(): Promise<Secrets> {
  if (existsSync(SECRETS_FILE)) return JSON.parse(readFileSync(SECRETS_FILE, 'utf8')) as Secrets;
  const secrets = { superuser: randomBytes(16).toString('hex'), owner: randomBytes(16).toString('hex'), app: randomBytes(16).toString('hex') };
  await mkdir(DATA_DIR, { recursive: true });
  await writeFile(SECRETS_FILE, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

export interface LocalDatabase {
  appUrl: string;
  ownerUrl: string;
  appRole: string;
  port?: number;
  /** The embedded server's superuser (absent with DATABASE_URL): legacy-sim creates its own database with it. */
  superuserUrl?: string;
  stop(): Promise<void>;
}

export const LOCAL_ROLES = { database: 'lianxu', owner: 'lianxu_owner', app: 'lianxu_app' };

/**
 * DATABASE_URL (runtime role) and MIGRATION_DATABASE_URL (owner) when set; otherwise the embedded
 * PostgreSQL with its data in .data/postgres, on 5432 or, when that is taken, a free port.
 */
export async function startLocalDatabase(log: (line: string) => void): Promise<LocalDatabase> {
  if (process.env.DATABASE_URL) {
    const appUrl = process.env.DATABASE_URL;
    const ownerUrl = process.env.MIGRATION_DATABASE_URL;
    if (!ownerUrl) throw new Error('DATABASE_URL is set but MIGRATION_DATABASE_URL (the owner role that runs migrations) is not.');
    log('PostgreSQL: using DATABASE_URL');
    return { appUrl, ownerUrl, appRole: decodeURIComponent(new URL(appUrl).username), stop: async () => undefined };
  }
  const secrets = await localSecrets();
  const wanted = Number(process.env.PGPORT ?? 5432);
  const port = (await isPortFree(wanted)) ? wanted : await findFreePort();
  if (port !== wanted) log(`PostgreSQL: port ${wanted} is taken, using ${port}`);
  const dataDir = path.join(DATA_DIR, 'postgres');
  log(`PostgreSQL: ${existsSync(path.join(dataDir, 'PG_VERSION')) ? 'starting' : 'creating'} the embedded server in ${path.relative(process.cwd(), dataDir) || dataDir}`);
  await mkdir(DATA_DIR, { recursive: true });
  const server = await startEmbeddedPostgres({ dataDir, port, persistent: true, superuserPassword: secrets.superuser });
  const urls = await ensureDatabaseAndRoles(server.superuserUrl, {
    database: LOCAL_ROLES.database,
    owner: { name: LOCAL_ROLES.owner, password: secrets.owner },
    app: { name: LOCAL_ROLES.app, password: secrets.app },
  });
  return { appUrl: urls.appUrl, ownerUrl: urls.ownerUrl, appRole: LOCAL_ROLES.app, port, superuserUrl: server.superuserUrl, stop: () => server.stop() };
}
