// Issue 6: the employee list filtered on one searchable custom field, for a tenant with 100,000
// employees and five custom fields. Page 1, filtered on a field value held by about 1% of them and
// sorted by hire date, through the whole API (session, tenant access, withTenant, the query and
// its count), beside the same listing without the filter in the same run. Prints p50/p95 over 200
// requests each, the ratio, and the plans PostgreSQL chose. Never fails on a time.
// Run: node --import tsx test/bench/custom-fields.bench.ts   (or: npm run bench custom-fields)
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '@lianxu/api';
import { createAuthService } from '@lianxu/auth';
import { createCustomFieldService, createPeopleService, createPersonalDataVault, createPolicyLibraryService, createTenancyService, policyCitiesFrom } from '@lianxu/core';
import { createBusinessClock, createDb } from '@lianxu/db';
import { startBenchStack } from '../support/src/bench-stack';
import { lifecycleTenantSpec } from '../support/src/people-fixtures';
import { serveOnFreePort } from '../support/src/serve-app';
import { provisionForTest } from '../support/src/tenant-fixtures';

const EMPLOYEES = 100_000;
const REQUESTS = 200;
const WARMUP = 30;
const TEAMS = 100; // each team value is held by ~1% of employees
const POOL = 10;
const ORIGIN = 'http://localhost:3000';
const SLUG = 'bench-custom-fields';

const say = (line: string) => process.stdout.write(`${line}\n`);
const label = (zh: string, en: string) => ({ 'zh-CN': zh, en });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main() {
  say(`machine: ${os.availableParallelism()} cores, node ${process.version}, load avg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  say(`setup: ${EMPLOYEES.toLocaleString('en')} employees, 5 custom fields, ${REQUESTS} sequential requests per listing after ${WARMUP} warm-up, DB pool ${POOL}, API logger 'warn'`);
  const stack = await startBenchStack({ log: (l) => say(`  ${l}`), temporal: false });
  const cleanups: (() => Promise<unknown>)[] = [() => stack.stop()];
  try {
    const db = createDb({ connectionString: stack.appUrl, max: POOL, applicationName: 'lianxu-bench' });
    cleanups.unshift(() => db.destroy());
    const tenantId = await provisionForTest(db, lifecycleTenantSpec(SLUG, { seed: 4242 }));
    const fields = createCustomFieldService({ db });
    const admin = { id: null };
    await fields.create(tenantId, admin, {
      key: 'team',
      type: 'single_select',
      labels: label('班组', 'Team'),
      searchable: true,
      showIn: { list: true },
      options: { choices: Array.from({ length: TEAMS }, (_, i) => ({ value: `t${i}`, labels: label(`${i + 1}班`, `Team ${i + 1}`) })) },
    });
    await fields.create(tenantId, admin, {
      key: 'job_type',
      type: 'single_select',
      labels: label('工种', 'Job type'),
      searchable: true,
      options: { choices: ['operator', 'welder', 'electrician', 'inspector'].map((v) => ({ value: v, labels: label(v, v) })) },
    });
    await fields.create(tenantId, admin, { key: 'badge', type: 'pattern_text', labels: label('工牌号', 'Badge'), options: { pattern: { regex: 'B-[0-9]{6}', message: label('B-六位数字', 'B-123456') } } });
    await fields.create(tenantId, admin, { key: 'shoe_size', type: 'number', labels: label('鞋码', 'Shoe size') });
    await fields.create(tenantId, admin, { key: 'night_shift', type: 'yes_no', labels: label('夜班', 'Night shift') });

    // Bulk insert as the superuser (triggers off for the load: no 100,000 audit rows). The ID number
    // columns hold random bytes of the right shape: nobody decrypts them here.
    const superuser = new pg.Client({ connectionString: stack.superuserUrl.replace(/\/postgres$/, '/lianxu_bench') });
    await superuser.connect();
    cleanups.unshift(() => superuser.end());
    const started = Date.now();
    await superuser.query('begin');
    await superuser.query(`set local session_replication_role = replica`);
    await superuser.query(
      `insert into employees (tenant_id, entity_id, name, mobile, id_number_cipher, id_number_key_id, id_number_index, id_number_masked, hukou, work_city, hire_date, monthly_wage_fen, status, custom_fields)
       select $1, (select id from entities where tenant_id = $1 limit 1), '员工' || i, '138' || lpad((i % 100000000)::text, 8, '0'),
              sha256(('c' || i || $3::text)::bytea) || sha256(('d' || i)::bytea), 'bench-key', sha256(('i' || i || $3::text)::bytea), '110***********' || lpad((i % 10000)::text, 4, '0'),
              case when i % 3 = 0 then 'local' else 'non-local' end, case i % 3 when 0 then '310100' when 1 then '440300' else '110100' end,
              date '2015-01-01' + (floor(random() * 4070))::int, 500000 + (i % 2000000), case when i % 10 = 0 then 'terminated' else 'active' end,
              jsonb_build_object('team', 't' || floor(random() * $4)::int, 'job_type', (array['operator','welder','electrician','inspector'])[1 + i % 4],
                                 'badge', 'B-' || lpad(i::text, 6, '0'), 'shoe_size', 35 + i % 12, 'night_shift', i % 2 = 0)
       from generate_series(1, $2) as i`,
      [tenantId, EMPLOYEES, randomBytes(4).toString('hex'), TEAMS],
    );
    // The load ran without triggers: index the searchable fields as turning them searchable would.
    for (const key of ['team', 'job_type']) await superuser.query(`select custom_field_search_refresh($1, $2)`, [tenantId, key]);
    await superuser.query('commit');
    await superuser.query('analyze employees');
    await superuser.query('analyze custom_field_search');
    say(`  inserted ${EMPLOYEES.toLocaleString('en')} employees in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const clock = createBusinessClock();
    const app = buildApp({
      db,
      auth: createAuthService(db, { demoMode: true }),
      allowedOrigins: [ORIGIN],
      logger: pino({ level: 'warn' }),
      clock,
      tenancy: createTenancyService(db),
      people: createPeopleService({ db, clock, vault: createPersonalDataVault(randomBytes(32)), policyCities: policyCitiesFrom(createPolicyLibraryService({ db })) }),
      temporal: { ping: async () => undefined },
    });
    const api = await serveOnFreePort(app.fetch);
    cleanups.unshift(() => api.close());
    const signIn = await fetch(`${api.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ email: `hr@${SLUG}.test`, password: 'lianxu-demo' }),
    });
    if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status}`);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;

    const base = `${api.url}/api/t/${SLUG}/employees`;
    const filtered = (i: number) => `${base}?cf.team=t${i % TEAMS}&sort=-hireDate`;
    const unfiltered = () => `${base}?sort=-hireDate`;
    const probe = async (url: string) => {
      const res = await fetch(url, { headers: { cookie } });
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { items: { hireDate: string; customFields: Record<string, unknown> }[]; total: number };
    };
    const check = await probe(filtered(42));
    const all = await probe(unfiltered());
    if (check.items.length !== 20 || check.items.some((e) => e.customFields.team !== 't42')) throw new Error('the filtered listing does not filter');
    const dates = check.items.map((e) => e.hireDate);
    if (dates.join() !== [...dates].sort().reverse().join()) throw new Error('the filtered listing is not sorted by hire date');
    say(`  filtered total ${check.total.toLocaleString('en')} of ${all.total.toLocaleString('en')} (${((100 * check.total) / all.total).toFixed(2)}%)`);

    for (let i = 0; i < WARMUP; i++) {
      await probe(filtered(i));
      await probe(unfiltered());
    }
    const times = { filtered: [] as number[], unfiltered: [] as number[] };
    // Interleaved, so both listings see the same machine state.
    for (let i = 0; i < REQUESTS; i++) {
      let t = performance.now();
      await probe(filtered(i * 7));
      times.filtered.push(performance.now() - t);
      t = performance.now();
      await probe(unfiltered());
      times.unfiltered.push(performance.now() - t);
    }

    const plans = await plansOf(superuser, tenantId);
    say('');
    say(`${'listing (page 1, 20 rows, sorted by hire date, with total)'.padEnd(62)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'max ms'.padStart(9)}`);
    const stats: Record<string, { p50: number; p95: number }> = {};
    for (const [name, list] of [['filtered cf.team=<value held by ~1%>', times.filtered], ['unfiltered', times.unfiltered]] as const) {
      const sorted = [...list].sort((a, b) => a - b);
      stats[name] = { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
      say(`${name.padEnd(62)}${percentile(sorted, 50).toFixed(1).padStart(9)}${percentile(sorted, 95).toFixed(1).padStart(9)}${sorted[sorted.length - 1]!.toFixed(1).padStart(9)}`);
    }
    const f = stats['filtered cf.team=<value held by ~1%>']!;
    const u = stats.unfiltered!;
    say(`filtered p95 = ${f.p95.toFixed(1)} ms (target <= 50); filtered/unfiltered p95 = ${(f.p95 / u.p95).toFixed(2)} (target <= 2)`);
    say('');
    say('plans (EXPLAIN ANALYZE as the tenant sees it):');
    for (const line of plans) say(`  ${line}`);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

/** The filtered page and count queries as PostgreSQL plans them, with row-level security on. */
async function plansOf(superuser: pg.Client, tenantId: string): Promise<string[]> {
  const out: string[] = [];
  await superuser.query('begin');
  try {
    await superuser.query(`set local role lianxu_app`);
    await superuser.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
    for (const [name, text] of [
      ['page', `select e.* from custom_field_search s join (select * from employees where tenant_id = $1) e on e.id = s.employee_id where s.tenant_id = $1 and s.field_key = 'team' and s.value = 't42' order by s.hire_date desc, s.employee_id asc limit 20`],
      ['count', `select count(*) from employees where tenant_id = $1 and id in (select employee_id from custom_field_search where tenant_id = $1 and field_key = 'team' and value = 't42')`],
      ['count without the filter', `select count(*) from employees where tenant_id = $1`],
    ] as const) {
      const r = await superuser.query(`explain (analyze, costs off, timing on, summary on) ${text}`, [tenantId]);
      out.push(`-- ${name}`);
      for (const row of r.rows as { 'QUERY PLAN': string }[]) out.push(row['QUERY PLAN']);
    }
  } finally {
    await superuser.query('rollback');
  }
  return out;
}

main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`custom-fields bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
