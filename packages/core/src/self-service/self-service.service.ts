import type { Kysely } from 'kysely';
import { withEmployee, withTenant, type BusinessClock, type Database } from '@lianxu/db';
import {
  evaluateContinuity,
  formatFen,
  getContinuityRules,
  getDefaultPolicyLibrary,
  pensionShortfallFen,
  waitingPeriodMonths,
  type ContinuityEvaluation,
  type WaitingPeriodSpec,
} from '@lianxu/policy';
import { priceExpectedLines } from '../contributions/index';
import { addMonths, conflict, FieldProblems, invalidField, isRealDate, lastContributionMonth, monthOf } from '../shared/index';
import { noEmployeeRecord, requestNotFound, SelfServiceError } from './self-service.errors';
import { coveredMonths, historyOf, insurancesOf, loadPeriods, loadProfile, loadWages, wageInMonth, type EmployeeProfile } from './self-service.history';

// Employee self-service: HR links a user to an employee record; the linked user then reads only
// their own record (withEmployee: row-level security confines every read to that employee).

const MAX_CONTRIBUTION_MONTHS = 36;
const WAITING_RULE = 'national.resident-medical-waiting-period';

export interface EmployeeLink {
  userId: string;
  email: string;
  employeeId: string;
  employeeName: string;
  createdAt: string;
}

export interface SelfServiceRequest {
  id: string;
  kind: 'leave' | 'correction';
  leaveDate: string | null;
  message: string;
  status: 'open' | 'done';
  createdAt: string;
  employeeId: string;
  employeeName?: string;
}

type Tenant = { id: string };

export function createSelfService({ db, clock }: { db: Kysely<Database>; clock: BusinessClock }) {
  /** The employee linked to the user in this tenant; 404 when there is none. */
  async function employeeOf(tenant: Tenant, userId: string): Promise<string> {
    const link = await withTenant(db, tenant.id, (trx) =>
      trx.selectFrom('employee_user_links').select('employee_id').where('tenant_id', '=', tenant.id).where('user_id', '=', userId).executeTakeFirst(),
    );
    if (!link) throw noEmployeeRecord();
    return link.employee_id;
  }

  /** Runs `work` confined to the caller's own employee rows. */
  async function asEmployee<T>(tenant: Tenant, userId: string, work: (trx: Kysely<Database>, employeeId: string) => Promise<T>): Promise<T> {
    const employeeId = await employeeOf(tenant, userId);
    return withEmployee(db, tenant.id, employeeId, (trx) => work(trx, employeeId), { actorId: userId });
  }

  async function profileOrThrow(trx: Kysely<Database>, tenant: Tenant, employeeId: string): Promise<EmployeeProfile> {
    const p = await loadProfile(trx, tenant.id, employeeId);
    if (!p) throw noEmployeeRecord();
    return p;
  }

  function cutoffOf(cityCode: string, month: string, tenantCutoff: number | undefined): { day: number; source: 'policy' | 'tenant' } {
    const records = getDefaultPolicyLibrary().recordsOf(cityCode);
    const record = [...records].reverse().find((r) => r.effectiveFrom <= month);
    if (record?.cutOffDay.status === 'given') return { day: record.cutOffDay.value, source: 'policy' };
    return { day: tenantCutoff ?? 25, source: 'tenant' };
  }

  return {
    employeeOf,

    // ---- HR: links ------------------------------------------------------------------------

    /** Links a member of the tenant with the employee role to an employee record (HR, tenant admins). */
    async link(tenant: Tenant, actorId: string, input: { email: string; employeeId: string }): Promise<EmployeeLink> {
      const user = await db
        .selectFrom('users')
        .innerJoin('memberships', 'memberships.user_id', 'users.id')
        .select(['users.id', 'users.email', 'memberships.role'])
        .where('memberships.tenant_id', '=', tenant.id)
        .where('users.email', '=', input.email.trim().toLowerCase())
        .executeTakeFirst();
      if (!user) throw invalidField('email', '本公司没有使用这个邮箱的成员', 'No member of this company uses this e-mail address');
      if (user.role !== 'employee') throw invalidField('email', '只有“员工”角色的成员可以关联员工档案', 'Only a member with the employee role can be linked to an employee record');
      return withTenant(
        db,
        tenant.id,
        async (trx) => {
          const e = await trx.selectFrom('employees').select(['id', 'name']).where('tenant_id', '=', tenant.id).where('id', '=', input.employeeId).executeTakeFirst();
          if (!e) throw invalidField('employeeId', '没有这名员工', 'No such employee');
          const taken = await trx
            .selectFrom('employee_user_links')
            .select(['user_id', 'employee_id'])
            .where('tenant_id', '=', tenant.id)
            .where((eb) => eb.or([eb('user_id', '=', user.id), eb('employee_id', '=', e.id)]))
            .execute();
          if (taken.some((t) => t.user_id === user.id)) throw conflict('already_linked', '这个账号已关联员工档案', 'This account is already linked to an employee record', 'email');
          if (taken.length) throw conflict('already_linked', '这名员工已关联其他账号', 'This employee is already linked to another account', 'employeeId');
          const row = await trx
            .insertInto('employee_user_links')
            .values({ tenant_id: tenant.id, user_id: user.id, employee_id: e.id, linked_by: actorId })
            .returning(['created_at'])
            .executeTakeFirstOrThrow();
          return { userId: user.id, email: user.email, employeeId: e.id, employeeName: e.name, createdAt: row.created_at.toISOString() };
        },
        { actorId },
      );
    },

    async listLinks(tenant: Tenant): Promise<EmployeeLink[]> {
      const rows = await withTenant(db, tenant.id, (trx) =>
        trx
          .selectFrom('employee_user_links as l')
          .innerJoin('employees as e', (j) => j.onRef('e.tenant_id', '=', 'l.tenant_id').onRef('e.id', '=', 'l.employee_id'))
          .select(['l.user_id', 'l.employee_id', 'l.created_at', 'e.name'])
          .where('l.tenant_id', '=', tenant.id)
          .orderBy('l.created_at')
          .execute(),
      );
      const emails = rows.length ? await db.selectFrom('users').select(['id', 'email']).where('id', 'in', rows.map((r) => r.user_id)).execute() : [];
      const byId = new Map(emails.map((u) => [u.id, u.email]));
      return rows.map((r) => ({ userId: r.user_id, email: byId.get(r.user_id) ?? '', employeeId: r.employee_id, employeeName: r.name, createdAt: r.created_at.toISOString() }));
    },

    async unlink(tenant: Tenant, actorId: string, userId: string): Promise<void> {
      const n = await withTenant(db, tenant.id, (trx) => trx.deleteFrom('employee_user_links').where('tenant_id', '=', tenant.id).where('user_id', '=', userId).executeTakeFirst(), { actorId });
      if (n.numDeletedRows === 0n) throw new SelfServiceError(404, 'not_found', { 'zh-CN': '没有这个关联', en: 'No such link' });
    },

    // ---- the employee's own pages ----------------------------------------------------------

    async me(tenant: Tenant, userId: string): Promise<EmployeeProfile> {
      return asEmployee(tenant, userId, (trx, id) => profileOrThrow(trx, tenant, id));
    },

    /** Coverage timeline per city and insurance: each period with the insurances the city's policy gives. */
    async coverage(tenant: Tenant, userId: string) {
      const today = clock.today();
      const periods = await asEmployee(tenant, userId, (trx, id) => loadPeriods(trx, tenant.id, id));
      return {
        asOf: today,
        periods: periods.map((p) => ({ cityCode: p.cityCode, startMonth: p.startMonth, endMonth: p.endMonth, insurances: insurancesOf(p.cityCode, p.startMonth) })),
        monthsCovered: coveredMonths(periods, monthOf(today)).length,
      };
    },

    /** Contributions per covered month (base, employer and employee amounts), newest first, priced by the policy library. */
    async contributions(tenant: Tenant, userId: string) {
      const today = clock.today();
      const { profile, periods, wages } = await asEmployee(tenant, userId, async (trx, id) => ({
        profile: await profileOrThrow(trx, tenant, id),
        periods: await loadPeriods(trx, tenant.id, id),
        wages: await loadWages(trx, tenant.id, id),
      }));
      const months = coveredMonths(periods, monthOf(today)).slice(-MAX_CONTRIBUTION_MONTHS).reverse();
      return {
        months: months.map(({ month, cityCode }) => {
          const priced = priceExpectedLines([{ employeeId: profile.id, hukou: profile.hukou, wageFen: wageInMonth(wages, month) }], { entityId: '', cityCode, month });
          const lines = priced.lines.map((l) => ({ insurance: l.insurance, base: formatFen(l.baseFen), employer: formatFen(l.employerFen), employee: formatFen(l.employeeFen), provisional: l.provisional }));
          const sum = (k: 'employerFen' | 'employeeFen') => priced.lines.reduce((s, l) => s + l[k], 0);
          return {
            month,
            cityCode,
            base: lines[0]?.base ?? null,
            employer: formatFen(sum('employerFen')),
            employee: formatFen(sum('employeeFen')),
            lines,
            unpriced: priced.unpriced.map((u) => u.reason),
          };
        }),
      };
    },

    /** Every continuity rule of the employee's city (and national ones), evaluated today. */
    async continuity(tenant: Tenant, userId: string, options: { breakMonths?: number } = {}) {
      const today = clock.today();
      const { profile, periods } = await asEmployee(tenant, userId, async (trx, id) => ({ profile: await profileOrThrow(trx, tenant, id), periods: await loadPeriods(trx, tenant.id, id) }));
      const history = historyOf(periods, monthOf(today));
      const rules = getContinuityRules().forCity(profile.workCity).filter((r) => r.purpose !== 'medical-waiting-period' || r.city.code === profile.workCity);
      return { asOf: today, cityCode: profile.workCity, rules: rules.map((r) => evaluateContinuity(r, history, today, options)) };
    },

    /** What if I leave on `leaveDate`: the last covered month under the cut-off rule, and the cost of a gap of `gapMonths` after it. */
    async leaveEstimate(tenant: Tenant, userId: string, input: { leaveDate: string; gapMonths: number }) {
      const problems = new FieldProblems();
      const today = clock.today();
      if (!isRealDate(input.leaveDate)) problems.add('leaveDate', '离职日期应为真实日期，例如 2026-06-30', 'The leave date must be a real date, e.g. 2026-06-30');
      else if (input.leaveDate < addMonths(monthOf(today), -12) + '-01' || input.leaveDate > addMonths(monthOf(today), 24) + '-01') problems.add('leaveDate', '离职日期应在一年前到两年后之间', 'The leave date must lie between a year ago and two years ahead');
      if (!Number.isInteger(input.gapMonths) || input.gapMonths < 0 || input.gapMonths > 120) problems.add('gapMonths', '断缴月数应为 0 到 120 的整数', 'The gap must be a whole number of months from 0 to 120');
      problems.throwIfAny();
      const { profile, periods, wages, tenantCutoff } = await asEmployee(tenant, userId, async (trx, id) => ({
        profile: await profileOrThrow(trx, tenant, id),
        periods: await loadPeriods(trx, tenant.id, id),
        wages: await loadWages(trx, tenant.id, id),
        tenantCutoff: (await trx.selectFrom('tenant_cities').select('cutoff_day').where('tenant_id', '=', tenant.id).where('city_code', '=', (await loadProfile(trx, tenant.id, id))!.workCity).executeTakeFirst())?.cutoff_day,
      }));
      const city = profile.workCity;
      const leaveMonth = monthOf(input.leaveDate);
      const cutoff = cutoffOf(city, leaveMonth, tenantCutoff);
      const firstCovered = periods.find((p) => p.cityCode === city)?.startMonth;
      const lastCovered = lastContributionMonth(input.leaveDate, cutoff.day, firstCovered);
      // Pension personal account: the base of the last covered month × the employee pension rate.
      const priced = priceExpectedLines([{ employeeId: profile.id, hukou: profile.hukou, wageFen: wageInMonth(wages, lastCovered) }], { entityId: '', cityCode: city, month: lastCovered });
      const pension = priced.lines.find((l) => l.insurance === 'pension');
      const rateMicro = pension && pension.baseFen > 0 ? Math.round((pension.employeeFen * 1_000_000) / pension.baseFen / 10_000) * 10_000 : null;
      const shortfall = pension && rateMicro !== null ? pensionShortfallFen({ monthlyBaseFen: pension.baseFen, rateMicro, months: input.gapMonths }) : null;
      const waitingRule = getContinuityRules().byId(WAITING_RULE);
      const waitingVersion = waitingRule?.versions.find((v) => v.status === 'sourced') as { waitingPeriod?: WaitingPeriodSpec; grade?: string } | undefined;
      const history = historyOf(periods, lastCovered);
      const asOf = `${lastCovered}-15`;
      const rules = getContinuityRules()
        .forCity(city)
        .filter((r) => r.purpose !== 'medical-waiting-period')
        .map((r) => evaluateContinuity(r, history, asOf, { breakMonths: input.gapMonths }))
        .filter((e): e is ContinuityEvaluation => e.status === 'met' || e.status === 'not_met');
      return {
        leaveDate: input.leaveDate,
        cityCode: city,
        cutoffDay: cutoff.day,
        cutoffSource: cutoff.source,
        lastCoveredMonth: lastCovered,
        gapMonths: input.gapMonths,
        gapFrom: input.gapMonths > 0 ? addMonths(lastCovered, 1) : null,
        gapTo: input.gapMonths > 0 ? addMonths(lastCovered, input.gapMonths) : null,
        pension: pension
          ? { monthlyBase: formatFen(pension.baseFen), rate: rateMicro === null ? null : String(rateMicro / 1_000_000), shortfall: shortfall === null ? null : formatFen(shortfall) }
          : null,
        medicalWaitingMonths: waitingVersion?.waitingPeriod ? waitingPeriodMonths(waitingVersion.waitingPeriod, input.gapMonths) : null,
        medicalWaitingRule: waitingRule ? { id: waitingRule.id, title: waitingRule.title, grade: waitingVersion?.grade ?? null } : null,
        qualifications: rules.map((e) => ({ ruleId: e.ruleId, title: e.title, status: e.status, resets: e.breakImpact!.resets, willBeMetMonth: e.breakImpact!.willBeMetMonth, delayMonths: e.breakImpact!.delayMonths })),
      };
    },

    // ---- requests to HR --------------------------------------------------------------------

    async createRequest(tenant: Tenant, userId: string, input: { kind: 'leave' | 'correction'; leaveDate?: string | null; message?: string | null }): Promise<SelfServiceRequest> {
      const problems = new FieldProblems();
      const today = clock.today();
      const message = (input.message ?? '').trim();
      if (input.kind === 'leave') {
        if (!input.leaveDate || !isRealDate(input.leaveDate)) problems.add('leaveDate', '请填写真实的离职日期，例如 2026-06-30', 'Enter a real leave date, e.g. 2026-06-30');
        else if (input.leaveDate < today || input.leaveDate > `${addMonths(monthOf(today), 24)}-01`) problems.add('leaveDate', '离职日期应在今天到两年后之间', 'The leave date must lie between today and two years ahead');
      } else if (input.leaveDate) problems.add('leaveDate', '更正申请不需要离职日期', 'A correction takes no leave date');
      if (input.kind === 'correction' && !message) problems.add('message', '请说明需要更正的内容', 'Say what should be corrected');
      if (message.length > 500) problems.add('message', '说明最多 500 个字', 'The message may be at most 500 characters');
      problems.throwIfAny();
      return asEmployee(tenant, userId, async (trx, employeeId) => {
        const profile = await profileOrThrow(trx, tenant, employeeId);
        const row = await trx
          .insertInto('employee_requests')
          .values({ tenant_id: tenant.id, employee_id: employeeId, kind: input.kind, leave_date: input.kind === 'leave' ? input.leaveDate! : null, message, created_by: userId })
          .returning(['id', 'created_at', 'status'])
          .executeTakeFirstOrThrow();
        // HR and tenant admins hear of it in their inbox (memberships: a platform table).
        const hr = await db.selectFrom('memberships').select('user_id').where('tenant_id', '=', tenant.id).where('role', 'in', ['hr', 'tenant_admin']).execute();
        const subject = input.kind === 'leave' ? `${profile.name} 提交了离职日期 ${input.leaveDate}` : `${profile.name} 申请更正档案`;
        const subjectEn = input.kind === 'leave' ? `${profile.name} gave a last working day: ${input.leaveDate}` : `${profile.name} asks for a correction of their record`;
        // A plain insert (no ON CONFLICT, no RETURNING): the employee may write HR's notice but never read it
        // back, since the restrictive policy on notifications covers reading. The request id keeps keys unique.
        if (hr.length) {
          await trx
            .insertInto('notifications')
            .values(hr.map((h) => ({ tenant_id: tenant.id, dedupe_key: `employee-request:${row.id}:${h.user_id}`, channel: 'in_app' as const, recipient_user_id: h.user_id, kind: `employee_request.${input.kind}`, subject, body: message || subject, subject_en: subjectEn, body_en: message || subjectEn, status: 'sent' as const, provider: 'inbox', sent_at: new Date() })))
            .execute();
        }
        return { id: row.id, kind: input.kind, leaveDate: input.kind === 'leave' ? input.leaveDate! : null, message, status: row.status, createdAt: row.created_at.toISOString(), employeeId };
      });
    },

    async myRequests(tenant: Tenant, userId: string): Promise<SelfServiceRequest[]> {
      return asEmployee(tenant, userId, async (trx) => {
        // No employee filter here on purpose: row-level security confines the rows to the caller's employee.
        const rows = await trx.selectFrom('employee_requests').selectAll().where('tenant_id', '=', tenant.id).orderBy('created_at', 'desc').limit(100).execute();
        return rows.map(toRequest);
      });
    },

    async myRequest(tenant: Tenant, userId: string, id: string): Promise<SelfServiceRequest> {
      return asEmployee(tenant, userId, async (trx) => {
        const row = await trx.selectFrom('employee_requests').selectAll().where('tenant_id', '=', tenant.id).where('id', '=', id).executeTakeFirst();
        if (!row) throw requestNotFound();
        return toRequest(row);
      });
    },

    /** HR's list of employees' requests (open first). */
    async hrRequests(tenant: Tenant): Promise<SelfServiceRequest[]> {
      return withTenant(db, tenant.id, async (trx) => {
        const rows = await trx
          .selectFrom('employee_requests as r')
          .innerJoin('employees as e', (j) => j.onRef('e.tenant_id', '=', 'r.tenant_id').onRef('e.id', '=', 'r.employee_id'))
          .selectAll('r')
          .select('e.name')
          .where('r.tenant_id', '=', tenant.id)
          .orderBy('r.status', 'desc')
          .orderBy('r.created_at', 'desc')
          .limit(200)
          .execute();
        return rows.map((r) => ({ ...toRequest(r), employeeName: r.name }));
      });
    },

    async closeRequest(tenant: Tenant, actorId: string, id: string): Promise<void> {
      const n = await withTenant(db, tenant.id, (trx) => trx.updateTable('employee_requests').set({ status: 'done', closed_at: new Date() }).where('tenant_id', '=', tenant.id).where('id', '=', id).executeTakeFirst(), { actorId });
      if (n.numUpdatedRows === 0n) throw requestNotFound();
    },

    /** Notices addressed to me and every filing about me (enrollments, stops), newest first. */
    async notifications(tenant: Tenant, userId: string) {
      return asEmployee(tenant, userId, async (trx, employeeId) => {
        const notices = await trx
          .selectFrom('notifications')
          .select(['id', 'kind', 'subject', 'body', 'created_at', 'read_at'])
          .where('tenant_id', '=', tenant.id)
          .where('channel', '=', 'in_app')
          .where((eb) => eb.or([eb('recipient_employee_id', '=', employeeId), eb('recipient_user_id', '=', userId)]))
          .orderBy('created_at', 'desc')
          .limit(100)
          .execute();
        const filings = await trx
          .selectFrom('filing_tasks')
          .select(['id', 'kind', 'city_code', 'month', 'status', 'receipt_no', 'created_at', 'updated_at'])
          .where('tenant_id', '=', tenant.id)
          .where('employee_id', '=', employeeId)
          .orderBy('created_at', 'desc')
          .limit(100)
          .execute();
        return {
          notices: notices.map((n) => ({ id: n.id, kind: n.kind, subject: n.subject, body: n.body, createdAt: n.created_at.toISOString(), readAt: n.read_at?.toISOString() ?? null })),
          filings: filings.map((f) => ({ id: f.id, kind: f.kind, cityCode: f.city_code, month: f.month, status: f.status, receiptNo: f.receipt_no, createdAt: f.created_at.toISOString(), updatedAt: f.updated_at.toISOString() })),
        };
      });
    },
  };
}

function toRequest(r: { id: string; kind: 'leave' | 'correction'; leave_date: string | null; message: string; status: 'open' | 'done'; created_at: Date; employee_id: string }): SelfServiceRequest {
  return { id: r.id, kind: r.kind, leaveDate: r.leave_date, message: r.message, status: r.status, createdAt: r.created_at.toISOString(), employeeId: r.employee_id };
}

export type SelfService = ReturnType<typeof createSelfService>;
