import pg from 'pg';

export interface DatabaseRoles {
  database: string;
  owner: { name: string; password: string };
  app: { name: string; password: string };
}

export interface DatabaseUrls {
  ownerUrl: string;
  appUrl: string;
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe identifier: ${name}`);
  return `"${name}"`;
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function withCredentials(baseUrl: string, database: string, user: string, password: string): string {
  const url = new URL(baseUrl);
  url.username = user;
  url.password = password;
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Creates (or updates) the two roles and the database on a server we administer (the embedded
 * one, or a test cluster): an owner that runs migrations and owns the tables, and the runtime role
 * the API and worker use, which owns nothing and can neither bypass row-level security nor create roles.
 */
export async function ensureDatabaseAndRoles(superuserUrl: string, roles: DatabaseRoles): Promise<DatabaseUrls> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    for (const role of [roles.owner, roles.app]) {
      const exists = await client.query('select 1 from pg_roles where rolname = $1', [role.name]);
      const verb = exists.rowCount ? 'alter' : 'create';
      await client.query(
        `${verb} role ${quoteIdent(role.name)} login nosuperuser nobypassrls nocreatedb nocreaterole password ${quoteLiteral(role.password)}`,
      );
    }
    const db = await client.query('select 1 from pg_database where datname = $1', [roles.database]);
    if (!db.rowCount) {
      await client.query(`create database ${quoteIdent(roles.database)} owner ${quoteIdent(roles.owner.name)} encoding 'UTF8' template template0`);
    }
    await client.query(`revoke all on database ${quoteIdent(roles.database)} from public`);
    await client.query(`grant connect, temporary on database ${quoteIdent(roles.database)} to ${quoteIdent(roles.app.name)}`);
  } finally {
    await client.end();
  }
  return {
    ownerUrl: withCredentials(superuserUrl, roles.database, roles.owner.name, roles.owner.password),
    appUrl: withCredentials(superuserUrl, roles.database, roles.app.name, roles.app.password),
  };
}
