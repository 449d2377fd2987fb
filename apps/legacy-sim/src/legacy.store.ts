import { randomBytes } from 'node:crypto';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import {
  CONTRIBUTION_HEADERS,
  COVERAGE_HEADERS,
  generateEmployees,
  generateHistory,
  ROSTER_HEADERS,
  type LegacySeed,
} from './legacy.generator';

// The old HR system's own database (default legacy_sim) on a server it administers: its tables,
// its state (seed, business day, injected divergences) and a login role that may only read.

export const DEFAULT_LEGACY_DATABASE = 'legacy_sim';
export const LEGACY_FILES = { roster: '花名册', coverage: '参保明细', contributions: '缴费明细' } as const;
export type LegacyFile = keyof typeof LEGACY_FILES;

const SCHEMA = `
  create table if not exists state (key text primary key, value jsonb not null);
  create table if not exists employees (emp_no text primary key, name text not null, id_number text not null, hukou text not null,
    city text not null, hire_date text not null, leave_date text not null, wage text not null, dirt text);
  create table if not exists coverage (seq bigserial primary key, id_number text not null, name text not null, city text not null,
    insurance text not null, month text not null, status text not null);
  create table if not exists contributions (seq bigserial primary key, id_number text not null, name text not null, city text not null,
    month text not null, insurance text not null, base text not null, employer text not null, employee text not null, dirt text);
  create table if not exists changes (seq bigserial primary key, day date not null, kind text not null, emp_no text not null, detail jsonb not null);
  create table if not exists divergences (seq bigserial primary key, day date not null, kind text not null, emp_no text,
    detail jsonb not null default '{}', applied boolean not null default false);`;

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`legacy-sim: database name must be a lower-case identifier, got ${JSON.stringify(name)}`);
  return `"${name}"`;
};
const withDatabase = (url: string, database: string, user?: string, password?: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (user) u.username = user;
  if (password) u.password = password;
  return u.toString();
};
const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csvLine = (cells: string[]) => `${cells.map(csvCell).join(',')}\n`;
/** COPY text format: tabs, newlines and backslashes escaped; empty stays empty. */
const copyLine = (cells: (string | null)[]) => `${cells.map((c) => (c === null ? '\\N' : c.replace(/[\\\t\n]/g, (m) => (m === '\t' ? '\\t' : m === '\n' ? '\\n' : '\\\\')))).join('\t')}\n`;

export interface LegacyStoreOptions {
  /** A URL of a role that may create databases and roles (the embedded server's superuser). */
  adminUrl: string;
  database?: string;
}

export class LegacyStore {
  private constructor(
    readonly pool: pg.Pool,
    readonly database: string,
    /** A login role granted SELECT only, in a read-only default transaction: what a client is given. */
    readonly readOnlyUrl: string,
  ) {}

  static async open(options: LegacyStoreOptions): Promise<LegacyStore> {
    const database = options.database ?? DEFAULT_LEGACY_DATABASE;
    const reader = `${database}_reader`;
    const admin = new pg.Client({ connectionString: options.adminUrl });
    await admin.connect();
    let password: string;
    try {
      await admin.query('select pg_advisory_lock(hashtext($1))', [`legacy-sim:${database}`]);
      const exists = await admin.query('select 1 from pg_database where datname = $1', [database]);
      if (!exists.rowCount) await admin.query(`create database ${ident(database)} encoding 'UTF8' template template0`);
      // The reader's password is made anew on each start: a stale copy of the URL stops working.
      password = randomBytes(12).toString('hex');
      const role = await admin.query('select 1 from pg_roles where rolname = $1', [reader]);
      await admin.query(`${role.rowCount ? 'alter' : 'create'} role ${ident(reader)} login nosuperuser nocreatedb nocreaterole password '${password}'`);
      await admin.query(`alter role ${ident(reader)} set default_transaction_read_only = on`);
      await admin.query(`grant connect on database ${ident(database)} to ${ident(reader)}`);
    } finally {
      await admin.end();
    }
    const pool = new pg.Pool({ connectionString: withDatabase(options.adminUrl, database), max: 4 });
    await pool.query(SCHEMA);
    await pool.query(`grant usage on schema public to ${ident(reader)}; grant select on all tables in schema public to ${ident(reader)}`);
    return new LegacyStore(pool, database, withDatabase(options.adminUrl, database, reader, password));
  }

  async seedOptions(): Promise<LegacySeed | null> {
    const { rows } = await this.pool.query<{ value: LegacySeed }>(`select value from state where key = 'seed'`);
    return rows[0]?.value ?? null;
  }

  /** Fills the tables from a seed; the same seed again is a no-op (the state survives restarts). */
  async seed(options: LegacySeed): Promise<{ seeded: boolean }> {
    const current = await this.seedOptions();
    if (current && JSON.stringify(current) === JSON.stringify(options)) return { seeded: false };
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      await client.query('truncate employees, coverage, contributions, changes, divergences; delete from state');
      const employees = generateEmployees(options);
      await pipeline(
        Readable.from(employees.map((e) => copyLine([e.empNo, e.name, e.idNumber, e.hukou, e.city, e.hireDate, e.leaveDate, e.wage, e.dirt]))),
        client.query(copyStreams.from('copy employees (emp_no, name, id_number, hukou, city, hire_date, leave_date, wage, dirt) from stdin')),
      );
      const history = [...generateHistory(options, employees)];
      await pipeline(
        Readable.from((function* () {
          for (const h of history) for (const c of h.coverage) yield copyLine([c.idNumber, c.name, c.city, c.insurance, c.month, c.status]);
        })()),
        client.query(copyStreams.from('copy coverage (id_number, name, city, insurance, month, status) from stdin')),
      );
      await pipeline(
        Readable.from((function* () {
          for (const h of history) for (const l of h.lines) yield copyLine([l.idNumber, l.name, l.city, l.month, l.insurance, l.base, l.employer, l.employee, l.dirt]);
        })()),
        client.query(copyStreams.from('copy contributions (id_number, name, city, month, insurance, base, employer, employee, dirt) from stdin')),
      );
      await client.query(`insert into state (key, value) values ('seed', $1)`, [JSON.stringify(options)]);
      await client.query('commit');
      return { seeded: true };
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Row counts per file and per dirt kind, as the old system holds them. */
  async counts(): Promise<{ rows: Record<LegacyFile, number>; dirt: Record<string, number> }> {
    const { rows } = await this.pool.query<{ file: LegacyFile; dirt: string | null; n: string }>(`
      select 'roster' as file, dirt, count(*) as n from employees group by dirt
      union all select 'coverage', null, count(*) from coverage
      union all select 'contributions', dirt, count(*) from contributions group by dirt`);
    const out = { rows: { roster: 0, coverage: 0, contributions: 0 }, dirt: {} as Record<string, number> };
    for (const r of rows) {
      out.rows[r.file] += Number(r.n);
      if (r.dirt) out.dirt[r.dirt] = (out.dirt[r.dirt] ?? 0) + Number(r.n);
    }
    return out;
  }

  /** One file as a CSV the way the old system exports it: a title row (merged in Excel), then Chinese headers. */
  async exportCsv(file: LegacyFile, out: Writable, company = '示例公司'): Promise<void> {
    const headers = { roster: ROSTER_HEADERS, coverage: COVERAGE_HEADERS, contributions: CONTRIBUTION_HEADERS }[file];
    const query = {
      roster: 'select emp_no, name, id_number, hukou, city, hire_date, leave_date, wage from employees order by emp_no',
      coverage: 'select id_number, name, city, insurance, month, status from coverage order by seq',
      contributions: 'select id_number, name, city, month, insurance, base, employer, employee from contributions order by seq',
    }[file];
    out.write(csvLine([`${company}${LEGACY_FILES[file]}`, ...headers.slice(1).map(() => '')]));
    out.write(csvLine(headers));
    const client = await this.pool.connect();
    try {
      await pipeline(client.query(copyStreams.to(`copy (${query}) to stdout with (format csv)`)), out);
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
