import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Kysely } from 'kysely';
import { inOneRoundTrip, withTenant, type Database, type FilingTaskRow } from '@lianxu/db';
import { calculateContributions, type PolicyLibrary } from '@lianxu/policy';
import { tenantMembers } from '@lianxu/auth';
import type { FilingOutcome, FilingTaskInput, LifecycleActivities, TaskPlan } from '@lianxu/workflows';
import { createFilingBase, type ContributionBasePlugins } from '../contributions/index';
import { BureauRefusedError, BureauUnavailableError, filingOf, type BureauGateway, type FilingState } from '../filing/index';
import { deliverPending, outboxSmsProvider, recordNotice, resolveTaskNotices, type EmailProvider, type SmsProvider } from '../notifications/index';
import { daysBetween, shanghaiDate, type LocalizedText, type PersonalDataVault } from '../shared/index';
import { holdBackInShadow, notRegisteredRejection, recordFilingBase } from './filing-tasks';
import { refileLostFiling } from './lost-filing';
import { stopConfirmedSmsText } from './stop-notice';

export interface LifecycleDeps {
  db: Kysely<Database>;
  vault: PersonalDataVault;
  /** The HTTP bureau (bureau-sim in demo and tests). */
  bureau: BureauGateway;
  policy: () => Promise<PolicyLibrary>;
  sms?: SmsProvider;
  email?: EmailProvider;
  /** The contributionBase extension point (`contributionBasePlugins(runtime)`): plugins enabled for the tenant may adjust the wage. */
  contributionBase?: ContributionBasePlugins;
  /** Milliseconds between status polls (first, then doubling to the max). */
  pollMs?: { first: number; max: number };
  now?: () => Date;
}

const fen = (value: number) => `${(value / 100).toFixed(2)} 元`;

/** Filing ids of hand-made filings (filing-file gateway). */
const manualFilingId = (task: FilingTaskRow) => `file:${task.id}:${task.attempt}`;
/** Filing ids of online tasks HR filed by hand at the counter instead. */
const byHandFilingId = (task: FilingTaskRow) => `hand:${task.id}:${task.attempt}`;

/**
 * The lifecycle module's activities: the only writers of filing_tasks, coverage_periods and the
 * notices they cause. Every step is idempotent (a retried activity, a replayed workflow or a
 * restarted one writes nothing twice): filings carry the key `<task>:<attempt>`, coverage periods
 * are unique per opening task, and notices per dedupe key.
 */
export function createLifecycleActivities(deps: LifecycleDeps): LifecycleActivities {
  const { db, vault, bureau } = deps;
  const sms = deps.sms ?? outboxSmsProvider;
  const now = deps.now ?? (() => new Date());
  const pollMs = deps.pollMs ?? { first: 100, max: 2000 };
  // The contribution base of an enrollment: the contributions module's step, recorded through
  // coverage (the only writer of filing_tasks).
  const filingBase = createFilingBase({
    db,
    policy: deps.policy,
    ...(deps.contributionBase ? { plugins: deps.contributionBase } : {}),
    record: (trx, t, baseFen) => recordFilingBase(trx, t, baseFen, now()),
  });

  const inTenant = <T>(tenantId: string, work: (trx: Kysely<Database>) => Promise<T>) => withTenant(db, tenantId, work);

  const taskMissing = (taskId: string) => ApplicationFailure.nonRetryable(`filing task ${taskId} does not exist`, 'TaskMissing');

  async function task(trx: Kysely<Database>, { tenantId, taskId }: FilingTaskInput): Promise<FilingTaskRow> {
    const row = await trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', tenantId).where('id', '=', taskId).executeTakeFirst();
    if (!row) throw taskMissing(taskId);
    return row;
  }

  async function cityName(trx: Kysely<Database>, tenantId: string, code: string): Promise<string> {
    const row = await trx.selectFrom('tenant_cities').select('city_name').where('tenant_id', '=', tenantId).where('city_code', '=', code).executeTakeFirst();
    return row?.city_name ?? code;
  }

  /** The monthly totals (employer + employee, fen) for a base, or null when the policy lacks figures (never a partial total). */
  // The policy library is read before a transaction opens: reading it inside one would take a
  // second pooled connection while the first is held, which deadlocks under load.
  function monthlyTotal(library: PolicyLibrary, city: string, month: string, baseFen: number, hukou: 'local' | 'non-local'): number | null {
    try {
      const quote = calculateContributions({ city, month, wageFen: baseFen, hukou }, library);
      return quote.complete && quote.lines.length ? quote.totals.employerFen + quote.totals.employeeFen : null;
    } catch {
      return null;
    }
  }

  async function statusOnce(city: string, filingId: string): Promise<FilingState> {
    try {
      return await bureau.status(city, filingId);
    } catch (error) {
      if (error instanceof BureauUnavailableError) return { status: 'pending', filingId };
      throw error;
    }
  }

  /** Records a decided filing: coverage opened or closed, task closed, people told. Idempotent. */
  /** An enrollment's confirmation: the task closed (unless it already is) and its coverage opened, in one round trip. */
  function confirmEnrollment(trx: Kysely<Database>, t: FilingTaskRow, outcome: { filingId: string; receiptNo: string }) {
    const when = now();
    return inOneRoundTrip(trx, [
      trx.updateTable('filing_tasks')
        .set({ status: 'confirmed', receipt_no: outcome.receiptNo, filing_id: outcome.filingId, open: false, closed_at: when, updated_at: when, rejection: null })
        .where('tenant_id', '=', t.tenant_id).where('id', '=', t.id)
        .where((eb) => eb.not(eb.and([eb('open', '=', false), eb('status', '=', 'confirmed')]))),
      trx.insertInto('coverage_periods')
        .values({ tenant_id: t.tenant_id, employee_id: t.employee_id, city_code: t.city_code, start_month: t.month, opened_by: t.id })
        .onConflict((oc) => oc.columns(['tenant_id', 'opened_by']).doNothing()),
      resolveTaskNotices(trx, t.tenant_id, t.id, when),
    ] as const);
  }

  /**
   * Records a decided filing: coverage opened or closed, task closed, people told. Idempotent.
   * `filed` is the task as the filing step read it: an enrollment confirmed at once needs no
   * read of it again (what it writes depends only on fields that never change).
   */
  async function settle(input: FilingTaskInput, outcome: FilingOutcome, filed?: FilingTaskRow): Promise<void> {
    if (filed?.kind === 'enrollment' && outcome.status === 'confirmed') {
      await inTenant(input.tenantId, (trx) => confirmEnrollment(trx, filed, outcome));
      return;
    }
    await inTenant(input.tenantId, async (trx) => {
      const t = await task(trx, input);
      if (!t.open && t.status === outcome.status) return; // settled before a retry
      const when = now();
      if (outcome.status === 'confirmed') {
        if (t.kind === 'enrollment') {
          await confirmEnrollment(trx, t, outcome);
          return;
        }
        await trx.updateTable('filing_tasks')
          .set({ status: 'confirmed', receipt_no: outcome.receiptNo, filing_id: outcome.filingId, open: false, closed_at: when, updated_at: when, rejection: null })
          .where('tenant_id', '=', t.tenant_id).where('id', '=', t.id).execute();
        await trx.updateTable('coverage_periods').set({ end_month: t.month, closed_by: t.id })
          .where('tenant_id', '=', t.tenant_id).where('employee_id', '=', t.employee_id).where('city_code', '=', t.city_code).where('end_month', 'is', null).execute();
        await resolveTaskNotices(trx, t.tenant_id, t.id, when).execute();
        const e = await trx.selectFrom('employees').select(['id', 'name', 'mobile', 'status']).where('tenant_id', '=', t.tenant_id).where('id', '=', t.employee_id).executeTakeFirstOrThrow();
        const city = await cityName(trx, t.tenant_id, t.city_code);
        const body = stopConfirmedSmsText({ name: e.name, city, month: t.month, receiptNo: outcome.receiptNo, leaving: e.status === 'terminated' });
        await recordNotice(trx, { tenantId: t.tenant_id, dedupeKey: `stop-confirmed:${t.id}:sms`, channel: 'sms', recipientEmployeeId: e.id, recipientAddress: e.mobile, kind: 'stop_confirmed', subject: '社保减员已确认', body, taskId: t.id });
        await deliverPending(trx, t.tenant_id, t.id, { sms, email: deps.email });
        return;
      }
      if (outcome.status === 'rejected') {
        await trx.updateTable('filing_tasks').set({ status: 'rejected', rejection: JSON.stringify(outcome.rejection), updated_at: when })
          .where('tenant_id', '=', t.tenant_id).where('id', '=', t.id).execute();
        const e = await trx.selectFrom('employees').select('name').where('tenant_id', '=', t.tenant_id).where('id', '=', t.employee_id).executeTakeFirstOrThrow();
        const what = t.kind === 'enrollment' ? '增员' : '减员';
        await notifyMembers(trx, { ...t, status: 'rejected' }, ['hr'], 'filing_rejected', `${e.name} 的${what}申报被退回`,
          `${e.name} 的${what}申报被社保经办机构退回：${outcome.rejection.message}。请核对员工信息并更正后重新提交。`, ['in_app']);
      }
    });
  }

  async function notifyMembers(
    trx: Kysely<Database>,
    t: FilingTaskRow,
    roles: ('hr' | 'tenant_admin')[],
    kind: string,
    subject: string,
    body: string,
    channels: ('in_app' | 'sms')[],
  ) {
    // E-mail goes too, when an SMTP server is configured.
    const all: ('in_app' | 'sms' | 'email')[] = deps.email && channels.includes('sms') ? [...channels, 'email'] : channels;
    for (const member of await tenantMembers(trx, t.tenant_id, roles)) {
      for (const channel of all) {
        await recordNotice(trx, {
          tenantId: t.tenant_id,
          dedupeKey: `${kind}:${t.id}:${t.attempt}:${member.userId}:${channel}`,
          channel,
          recipientUserId: member.userId,
          recipientAddress: channel === 'sms' ? member.mobile : channel === 'email' ? member.email : null,
          kind,
          subject,
          body,
          taskId: t.id,
        });
      }
    }
    await deliverPending(trx, t.tenant_id, t.id, { sms, email: deps.email });
  }

  /**
   * The base could not be computed: the task is marked rejected with the reason (so the task list
   * shows it and HR can resubmit once the cause is fixed) and HR is told. Idempotent per attempt.
   */
  async function recordBaseUnavailable(t: FilingTaskRow, reason: LocalizedText): Promise<void> {
    await inTenant(t.tenant_id, async (trx) => {
      await trx.updateTable('filing_tasks')
        .set({ status: 'rejected', rejection: JSON.stringify({ code: 'contribution_base_unavailable', message: reason['zh-CN'], messageEn: reason.en }), updated_at: now() })
        .where('tenant_id', '=', t.tenant_id).where('id', '=', t.id).where('open', '=', true).execute();
      const e = await trx.selectFrom('employees').select('name').where('tenant_id', '=', t.tenant_id).where('id', '=', t.employee_id).executeTakeFirstOrThrow();
      await notifyMembers(trx, { ...t, status: 'rejected' }, ['hr'], 'contribution_base_unavailable', `${e.name} 的缴费基数无法计算，增员未申报`,
        `${e.name} 的增员未申报：${reason['zh-CN']}`, ['in_app']);
    });
  }

  return {
    async loadTask(input) {
      // The task, and for an enrollment still to be filed its employee's start date: one transaction.
      const { t, hireDate } = await inTenant(input.tenantId, async (trx) => {
        const row = await task(trx, input);
        const toFile = row.kind === 'enrollment' && row.open && (row.status === 'submitting' || row.status === 'pending_approval');
        const e = !toFile ? undefined
          : await trx.selectFrom('employees').select('hire_date').where('tenant_id', '=', row.tenant_id).where('id', '=', row.employee_id).executeTakeFirstOrThrow();
        return { t: row, hireDate: e?.hire_date };
      });
      const startsAt = hireDate === undefined ? null : Date.parse(`${hireDate}T00:00:00+08:00`);
      const fileFrom = startsAt !== null && startsAt > now().getTime() ? startsAt : null;
      const plan: TaskPlan = {
        kind: t.kind,
        status: t.status,
        open: t.open,
        gateway: t.gateway,
        warnAt: t.warn_at ? t.warn_at.getTime() : null,
        deadlineAt: t.deadline_at ? t.deadline_at.getTime() : null,
        ...(fileFrom !== null ? { fileFrom } : {}),
      };
      return plan;
    },

    async markApproved({ userId, ...input }) {
      await inTenant(input.tenantId, (trx) =>
        trx.updateTable('filing_tasks').set({ status: 'submitting', approved_by: userId, updated_at: now() })
          .where('tenant_id', '=', input.tenantId).where('id', '=', input.taskId).where('status', '=', 'pending_approval').execute());
    },

    async submitFiling(input) {
      // 1. The contribution base, a step of the contributions module run once before the filing:
      //    the policy library read and the plugins' hook run (in their own transactions) before the
      //    filing's transaction opens; then, in it, the base computed and recorded on the task
      //    (recordFilingBase), or the one recorded by an earlier attempt read.
      const base = await filingBase.computeFilingBase(input);
      if ('task' in base) {
        await recordBaseUnavailable(base.task, base.reason);
        Context.current().log.warn('contribution base plugin failed: nothing filed', { tenantId: input.tenantId, taskId: input.taskId, pluginId: base.pluginId });
        return { status: 'rejected', filingId: null, rejection: { code: 'contribution_base_unavailable', message: base.reason['zh-CN'], messageEn: base.reason.en }, settled: true };
      }
      const prepared = await inTenant(input.tenantId, async (trx) => {
        // The task, and its employee with their employer's code and its registration in the
        // task's city: one round trip.
        const [[t], [e]] = await inOneRoundTrip(trx, [
          trx.selectFrom('filing_tasks').selectAll().where('tenant_id', '=', input.tenantId).where('id', '=', input.taskId),
          trx.selectFrom('filing_tasks as ft')
            .innerJoin('employees as e', (j) => j.onRef('e.tenant_id', '=', 'ft.tenant_id').onRef('e.id', '=', 'ft.employee_id'))
            .innerJoin('entities as en', (j) => j.onRef('en.tenant_id', '=', 'e.tenant_id').onRef('en.id', '=', 'e.entity_id'))
            .leftJoin('entity_registrations as r', (j) => j.onRef('r.tenant_id', '=', 'e.tenant_id').onRef('r.entity_id', '=', 'e.entity_id')
              .onRef('r.city_code', '=', 'ft.city_code').on('r.agency', '=', 'social_insurance'))
            .selectAll('e').select(['en.credit_code', 'r.registration_no'])
            .where('ft.tenant_id', '=', input.tenantId).where('ft.id', '=', input.taskId),
        ] as const);
        if (!t || !e) throw taskMissing(input.taskId);
        if (t.filing_id && t.status === 'submitted' && t.gateway === 'filing-file') return { t, filing: null };
        if (e.registration_no === null) {
          return { t, refused: notRegisteredRejection(t.city_code) };
        }
        const fixed = await base.fix(trx, t, e);
        if (!fixed.ok) return { t, baseUnavailable: fixed.reason };
        const idNumber = await vault.decrypt(trx, t.tenant_id, e.id_number_cipher, e.id_number_key_id);
        const filing = filingOf({ task: t, employee: e, employerCode: e.credit_code, registrationNo: e.registration_no, idNumber, baseFen: fixed.baseFen ?? 0 });
        // A dual run in shadow mode: the old system files, so the filing is computed but held back.
        const held = await holdBackInShadow(trx, t, filing, now());
        return held ? { t, held } : { t, filing };
      });
      if ('held' in prepared && prepared.held) return prepared.held;
      if ('baseUnavailable' in prepared && prepared.baseUnavailable) {
        // Nothing is filed and nothing retried: the task is rejected with the reason, HR is told and
        // resubmits once the cause is fixed; the workflow waits for that as after a bureau's
        // rejection. (Answered, not thrown: a local activity failing non-retryably made the SDK
        // report a nondeterminism error on the workflow's next attempt, TMPRL1100.)
        await recordBaseUnavailable(prepared.t, prepared.baseUnavailable);
        Context.current().log.warn('contribution base unavailable: nothing filed', { tenantId: input.tenantId, taskId: input.taskId, reason: prepared.baseUnavailable.en });
        return { status: 'rejected', filingId: null, rejection: { code: 'contribution_base_unavailable', message: prepared.baseUnavailable['zh-CN'], messageEn: prepared.baseUnavailable.en }, settled: true };
      }
      const { t } = prepared;
      // A decision known now is recorded now: the workflow then has no settling step to run.
      const settled = async (outcome: FilingOutcome): Promise<FilingOutcome> => {
        if (outcome.status === 'pending') return outcome;
        await settle(input, outcome, t);
        return { ...outcome, settled: true };
      };
      if ('refused' in prepared && prepared.refused) return settled({ status: 'rejected', filingId: null, rejection: prepared.refused });
      if (!prepared.filing) return { status: 'pending', filingId: t.filing_id! };

      // 2. File. The gateway of the entity's registration in the city decides how.
      let filingId: string;
      if (t.gateway === 'filing-file') {
        filingId = manualFilingId(t);
      } else {
        try {
          filingId = (prepared.filing.kind === 'enrollment' ? await bureau.submitEnrollment(prepared.filing.body) : await bureau.submitStop(prepared.filing.body)).filingId;
        } catch (error) {
          if (error instanceof BureauRefusedError) {
            return settled({ status: 'rejected', filingId: null, rejection: { code: error.code, message: error.message } });
          }
          throw error; // unavailable: the workflow's retry policy backs off and files again with the same key
        }
      }
      const markSubmitted = () => inTenant(input.tenantId, (trx) =>
        trx.updateTable('filing_tasks').set({ filing_id: filingId, status: 'submitted', updated_at: now() })
          .where('tenant_id', '=', t.tenant_id).where('id', '=', t.id).where('open', '=', true).execute());
      if (t.gateway === 'filing-file') {
        await markSubmitted();
        return { status: 'pending', filingId };
      }
      // 3. One look at the answer: a bureau that decides at once needs no polling, and settleFiling
      //    records the filing id with the outcome (a crash before that files again under the same
      //    key and gets the same receipt). Otherwise the task shows as submitted while we wait.
      const seen = await statusOnce(t.city_code, filingId);
      // Not known just after filing: waited for as pending (the poll files again if it stays unknown).
      const outcome: FilingOutcome = seen.status === 'unknown' ? { status: 'pending', filingId } : seen;
      if (outcome.status === 'pending') await markSubmitted();
      return settled(outcome);
    },

    async awaitFilingDecision(input) {
      const t = await inTenant(input.tenantId, (trx) => task(trx, input));
      if (!t.filing_id) throw ApplicationFailure.nonRetryable('awaitFilingDecision before the filing was made', 'NotFiled');
      const ctx = Context.current();
      let filingId = t.filing_id;
      for (let wait = pollMs.first; ; wait = Math.min(wait * 2, pollMs.max)) {
        const outcome = await statusOnce(t.city_code, filingId);
        if (outcome.status === 'unknown') {
          // The bureau lost the filing: filed again under the same key, HR told (lost-filing.ts).
          const refiled = await refileLostFiling({ db, vault, bureau, now }, t, filingId);
          if (refiled.status !== 'pending') return refiled;
          filingId = refiled.filingId;
        } else if (outcome.status !== 'pending') return outcome;
        ctx.heartbeat();
        await ctx.sleep(wait);
      }
    },

    async recordManualReceipt({ receiptNo, ...input }) {
      const t = await inTenant(input.tenantId, (trx) => task(trx, input));
      return { status: 'confirmed', filingId: t.filing_id ?? manualFilingId(t), receiptNo };
    },

    async recordFiledByHand({ receiptNo, filedOn: _filedOn, userId: _userId, ...input }) {
      // The API recorded who, when and the receipt on the task (audited); here the task is closed.
      const t = await inTenant(input.tenantId, (trx) => task(trx, input));
      if (!t.open) return { status: 'confirmed', filingId: t.filing_id ?? byHandFilingId(t), receiptNo: t.receipt_no ?? receiptNo, settled: true };
      return { status: 'confirmed', filingId: byHandFilingId(t), receiptNo: t.hand_receipt_no ?? receiptNo };
    },

    async settleFiling({ outcome, ...input }) {
      await settle(input, outcome);
    },

    async prepareResubmit(input) {
      await inTenant(input.tenantId, (trx) =>
        trx.updateTable('filing_tasks').set((eb) => ({ attempt: eb('attempt', '+', 1), status: 'submitting', filing_id: null, rejection: null, updated_at: now() }))
          .where('tenant_id', '=', input.tenantId).where('id', '=', input.taskId).where('status', '=', 'rejected').execute());
    },

    async cancelTask({ reason, ...input }) {
      await inTenant(input.tenantId, (trx) =>
        trx.updateTable('filing_tasks').set({ status: 'cancelled', open: false, closed_at: now(), updated_at: now(), rejection: JSON.stringify({ code: 'cancelled', message: reason }) })
          .where('tenant_id', '=', input.tenantId).where('id', '=', input.taskId).where('open', '=', true).execute());
    },

    async warnDeadline(input) {
      await inTenant(input.tenantId, async (trx) => {
        const t = await task(trx, input);
        if (!t.open || t.status === 'confirmed') return;
        const e = await trx.selectFrom('employees').select(['name', 'hire_date']).where('tenant_id', '=', t.tenant_id).where('id', '=', t.employee_id).executeTakeFirstOrThrow();
        const deadline = t.deadline_at ? shanghaiDate(new Date(t.deadline_at.getTime() - 1)) : '';
        const daysLeft = deadline ? daysBetween(shanghaiDate(now()), deadline) : 0;
        await trx.updateTable('filing_tasks').set({ warned_at: now() }).where('tenant_id', '=', t.tenant_id).where('id', '=', t.id).where('warned_at', 'is', null).execute();
        await notifyMembers(trx, { ...t, attempt: 0 }, ['hr'], 'deadline_warning', `${e.name} 的社保增员尚未确认`,
          `【连续】${e.name}（入职 ${e.hire_date}）的社保增员尚未获经办机构确认，法定期限 ${deadline} 截止（${daysLeft > 0 ? `还剩 ${daysLeft} 天` : daysLeft === 0 ? '今天截止' : `已逾期 ${-daysLeft} 天`}）。请尽快处理。`, ['in_app', 'sms']);
      });
    },

    async escalateDeadline(input) {
      const library = await deps.policy();
      await inTenant(input.tenantId, async (trx) => {
        const t = await task(trx, input);
        if (!t.open || t.status === 'confirmed') return;
        const e = await trx.selectFrom('employees').select(['name', 'hire_date', 'hukou', 'monthly_wage_fen']).where('tenant_id', '=', t.tenant_id).where('id', '=', t.employee_id).executeTakeFirstOrThrow();
        const today = shanghaiDate(now());
        const deadline = t.deadline_at ? shanghaiDate(new Date(t.deadline_at.getTime() - 1)) : today;
        const months = Math.max(1, (Number(today.slice(0, 4)) - Number(t.month.slice(0, 4))) * 12 + Number(today.slice(5, 7)) - Number(t.month.slice(5, 7)) + 1);
        // Without a computed base there is no amount to state (the wage is not a base).
        const monthly = t.base_fen === null ? null : monthlyTotal(library, t.city_code, t.month, Number(t.base_fen), e.hukou);
        const overdueDays = Math.max(1, daysBetween(deadline, today));
        const exposure = monthly === null
          ? `应缴金额暂无法计算（该城市该月的社保政策数据缺失）；未办理社会保险登记可处应缴社会保险费一至三倍的罚款（《社会保险法》第八十四条）；逾期缴纳按日加收万分之五滞纳金（已逾期 ${overdueDays} 天，《社会保险法》第八十六条）。`
          : `截至目前应缴约 ${fen(monthly * months)}（${months} 个月）；未办理社会保险登记可处应缴社会保险费一至三倍的罚款（${fen(monthly * months)}–${fen(monthly * months * 3)}，《社会保险法》第八十四条）；逾期缴纳按日加收万分之五滞纳金（目前每日约 ${fen(Math.round(monthly * months * 0.0005))}，已逾期 ${overdueDays} 天，《社会保险法》第八十六条）。`;
        await trx.updateTable('filing_tasks').set({ escalated_at: now() }).where('tenant_id', '=', t.tenant_id).where('id', '=', t.id).where('escalated_at', 'is', null).execute();
        await notifyMembers(trx, { ...t, attempt: 0 }, ['tenant_admin'], 'deadline_escalation', `${e.name} 的社保增员已超过法定期限`,
          `【连续】${e.name}（入职 ${e.hire_date}）的社保增员已超过法定期限 ${deadline}，仍未确认。${exposure}`, ['in_app', 'sms']);
      });
    },

    async checkPredecessor(input) {
      return inTenant(input.tenantId, async (trx) => {
        const t = await task(trx, input);
        const open = await trx.selectFrom('filing_tasks').select(['id', 'status', 'workflow_id'])
          .where('tenant_id', '=', t.tenant_id).where('employee_id', '=', t.employee_id).where('city_code', '=', t.city_code)
          .where('kind', '=', 'enrollment').where('open', '=', true).where('created_at', '<=', t.created_at).where('id', '<>', t.id).execute();
        if (open.length) {
          const cancellable = open.find((o) => o.status === 'pending_approval' || o.status === 'rejected');
          return { state: 'waiting' as const, cancellable: cancellable?.workflow_id ?? null };
        }
        const coverage = await trx.selectFrom('coverage_periods').select('id')
          .where('tenant_id', '=', t.tenant_id).where('employee_id', '=', t.employee_id).where('city_code', '=', t.city_code).where('end_month', 'is', null).executeTakeFirst();
        return { state: 'settled' as const, coverageOpen: Boolean(coverage) };
      });
    },
  };
}
