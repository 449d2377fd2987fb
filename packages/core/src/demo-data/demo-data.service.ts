import { sql, type Kysely } from 'kysely';
import { businessDateOf, withTenant, type BusinessClock, type Database } from '@lianxu/db';
import { getDefaultPolicyLibrary, type PolicyLibrary } from '@lianxu/policy';
import { tenantMembers } from '@lianxu/auth';
import { createCloseService } from '../close/index';
import { writeDemoFilingTasks } from '../coverage/index';
import { createRiskScanner } from '../risk/index';
import type { PersonalDataVault } from '../shared/index';
import { seedDemoCloses, type DemoCloseOutcome } from './demo-close';
import { planDemoHistory, type DemoCity } from './demo-history.plan';
import { DEMO_OPEN_TASKS, planDemoTasks } from './demo-tasks.plan';
import { writeDemoPeople } from './demo-people.writer';

// The demo history of a demo tenant, written once: on the first `npm start` in demo mode (never in
// production), the tenant gets about 300 employees over 24 months, two locked months, this month
// open with differences to resolve, a few open filing tasks around their deadlines (started
// nowhere: demo-tasks.plan.ts), and the risk scan's findings. A row in demo_data_seeds marks
// the tenant (the web app shows a banner); a second start finds it and writes nothing.

export const DEMO_SEED = 'lianxu-demo-1';

export interface DemoDataDeps {
  db: Kysely<Database>;
  vault: PersonalDataVault;
  library?: PolicyLibrary;
  clock?: Pick<BusinessClock, 'today'>;
}

export interface DemoSeedOptions {
  tenantId: string;
  /** Demo mode (NODE_ENV is not production): without it nothing is written. */
  demoMode: boolean;
  seed?: string;
  employees?: number;
  months?: number;
}

export type DemoSeedResult =
  | { seeded: false; reason: 'not_demo_mode' | 'already_seeded' | 'no_entity' | 'has_employees' }
  | { seeded: true; tookMs: number; counts: DemoCounts; unpricedCities: string[] };

export interface DemoCounts {
  employees: number;
  coveragePeriods: number;
  events: number;
  lockedMonths: number;
  openMonths: number;
  openDifferences: number;
  riskFindings: number;
  /** Open filing tasks of the demo (enrollments and a stop), none started with a bureau. */
  openTasks: number;
}

/** Whether the tenant holds generated demo data (the web app's banner). */
export async function demoDataOf(db: Kysely<Database>, tenantId: string): Promise<{ seed: string; seededAt: string } | null> {
  const row = await withTenant(db, tenantId, (trx) => trx.selectFrom('demo_data_seeds').select(['seed', 'seeded_at']).where('tenant_id', '=', tenantId).executeTakeFirst());
  return row ? { seed: row.seed, seededAt: row.seeded_at.toISOString() } : null;
}

/** The tenant's work cities with the entity registered there for social insurance, in code order. */
async function demoCities(trx: Kysely<Database>, tenantId: string): Promise<DemoCity[]> {
  const rows = await sql<{ city_code: string; entity_id: string; cutoff_day: number }>`
    select distinct on (c.city_code) c.city_code, r.entity_id, c.cutoff_day
      from tenant_cities c
      join entity_registrations r on r.tenant_id = c.tenant_id and r.city_code = c.city_code and r.agency = 'social_insurance'
      join entities e on e.tenant_id = r.tenant_id and e.id = r.entity_id
     where c.tenant_id = ${tenantId}
     order by c.city_code, e.created_at, e.id`.execute(trx);
  return rows.rows.map((r) => ({ cityCode: r.city_code, entityId: r.entity_id, cutoffDay: r.cutoff_day }));
}

export async function seedDemoData(deps: DemoDataDeps, options: DemoSeedOptions): Promise<DemoSeedResult> {
  if (!options.demoMode) return { seeded: false, reason: 'not_demo_mode' };
  const started = performance.now();
  const { db, vault } = deps;
  const library = deps.library ?? getDefaultPolicyLibrary();
  const today = deps.clock?.today() ?? businessDateOf(new Date());
  const currentMonth = today.slice(0, 7);
  const seed = options.seed ?? DEMO_SEED;
  const tenantId = options.tenantId;
  if (await demoDataOf(db, tenantId)) return { seeded: false, reason: 'already_seeded' };

  // The people, in one transaction (all or nothing); a second run lands on the same ids. A tenant
  // where real people already work (an older installation's demo tenant used by hand) is left alone.
  const people = await withTenant(db, tenantId, async (trx) => {
    const own = await trx.selectFrom('employees').select('id').where('tenant_id', '=', tenantId).where('demo', '=', false).limit(1).executeTakeFirst();
    if (own) return 'has_employees' as const;
    const cities = await demoCities(trx, tenantId);
    if (cities.length === 0) return null;
    // The last few of the head count are the people with an open filing task.
    const plan = planDemoHistory({ tenantId, seed, currentMonth, cities, employees: Math.max(0, (options.employees ?? 300) - DEMO_OPEN_TASKS), months: options.months ?? 24 });
    const tasks = planDemoTasks(plan, { tenantId, seed, today, cities });
    await writeDemoPeople(trx, tenantId, vault, plan);
    const tenant = await trx.selectFrom('tenants').select(['id', 'slug']).where('id', '=', tenantId).executeTakeFirstOrThrow();
    await writeDemoFilingTasks(trx, tenant, tasks);
    return { plan, cities, tasks: tasks.length };
  });
  if (!people) return { seeded: false, reason: 'no_entity' };
  if (people === 'has_employees') return { seeded: false, reason: 'has_employees' };

  // The closes and the scan run through their modules (each step is idempotent, so a start cut
  // short in between finishes them next time: the seed row is written last).
  // HR signs the closed months off (the tenant admin where there is no HR member).
  const staff = await tenantMembers(db, tenantId, ['hr', 'tenant_admin']);
  const signer = staff.find((m) => m.role === 'hr') ?? staff[0];
  const hr = signer ? { id: signer.userId } : null;
  const names = new Map(people.plan.employees.map((e) => [e.id, e.name]));
  const close: DemoCloseOutcome = await seedDemoCloses(
    { db, close: createCloseService({ db, vault, library }), library },
    { tenantId, currentMonth, targets: people.cities.map((c) => ({ entityId: c.entityId, cityCode: c.cityCode })), hr, names },
  );
  const scan = await createRiskScanner({ db, library, extensions: null }).scan(tenantId, today);

  const counts: DemoCounts = {
    employees: people.plan.employees.length,
    coveragePeriods: people.plan.periods.length,
    events: people.plan.events.length,
    lockedMonths: close.locked,
    openMonths: close.open,
    openDifferences: close.openDifferences,
    riskFindings: scan.seen,
    openTasks: people.tasks,
  };
  const tookMs = Math.round(performance.now() - started);
  await withTenant(db, tenantId, (trx) => trx.insertInto('demo_data_seeds').values({ tenant_id: tenantId, seed, counts: JSON.stringify(counts), took_ms: tookMs })
    .onConflict((oc) => oc.column('tenant_id').doNothing()).execute());
  return { seeded: true, tookMs, counts, unpricedCities: close.unpriced };
}
