import type { Kysely } from 'kysely';
import type { Database, TaskStatus } from '@lianxu/db';
import { lifecycleWorkflowIds } from '@lianxu/workflows';
import { enrollmentDeadlines, monthOf } from '../shared/index';

// The demo history's open filing tasks (demo-data module), written by coverage, their only writer:
// a few enrollments and a stop as HR would find them on a demo tenant's dashboard and tasks page
// (one past its legal deadline, a couple close to it, a stop due this month). They start nothing:
// no outbox row, and their workflow ids carry DEMO_WORKFLOW_PREFIX so the reconciler never starts a
// workflow for them (outbox.dispatcher.ts); only HR acting on one (approving, resubmitting) starts
// its workflow, against the demo's simulated bureau, as it would for any task.

/** Workflow ids of demo tasks start with this; the reconciler leaves such tasks alone. */
export const DEMO_WORKFLOW_PREFIX = 'demo:';

export interface DemoFilingTask {
  id: string;
  employeeId: string;
  /** The hire (enrollment) or leave (stop) event the task files. */
  eventId: string;
  kind: 'enrollment' | 'stop';
  entityId: string;
  cityCode: string;
  /** Enrollment: the hire date (deadlines run from it); stop: the last covered month's first day. */
  fromDate: string;
  status: Extract<TaskStatus, 'pending_approval' | 'submitted' | 'rejected'>;
  rejection?: { code: string; message: string; messageEn: string };
}

/** Writes the demo's open tasks inside the caller's transaction; a second write is a no-op. */
export async function writeDemoFilingTasks(trx: Kysely<Database>, tenant: { id: string; slug: string }, tasks: readonly DemoFilingTask[]): Promise<number> {
  if (tasks.length === 0) return 0;
  const regs = await trx.selectFrom('entity_registrations').select(['entity_id', 'city_code', 'gateway'])
    .where('tenant_id', '=', tenant.id).where('agency', '=', 'social_insurance').execute();
  const gatewayOf = new Map(regs.map((r) => [`${r.entity_id}|${r.city_code}`, r.gateway]));
  const settings = await trx.selectFrom('tenant_settings').select('warn_day').where('tenant_id', '=', tenant.id).executeTakeFirst();
  const rows = tasks.map((t) => {
    const gateway = gatewayOf.get(`${t.entityId}|${t.cityCode}`);
    if (!gateway) throw new Error(`demo task ${t.id}: the entity is not registered in ${t.cityCode}`);
    const deadlines = t.kind === 'enrollment' ? enrollmentDeadlines(t.fromDate, settings?.warn_day ?? 25) : null;
    const ids = t.kind === 'enrollment' ? lifecycleWorkflowIds.enrollment : lifecycleWorkflowIds.stop;
    return {
      id: t.id, tenant_id: tenant.id, employee_id: t.employeeId, event_id: t.eventId, kind: t.kind, city_code: t.cityCode, gateway,
      workflow_id: `${DEMO_WORKFLOW_PREFIX}${ids(tenant.slug, t.employeeId, t.eventId)}`, status: t.status, month: monthOf(t.fromDate),
      warn_at: deadlines?.warnAt ?? null, deadline_at: deadlines?.deadlineAt ?? null,
      rejection: t.rejection ? JSON.stringify(t.rejection) : null,
    };
  });
  const written = await trx.insertInto('filing_tasks').values(rows).onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing()).returning('id').execute();
  return written.length;
}
