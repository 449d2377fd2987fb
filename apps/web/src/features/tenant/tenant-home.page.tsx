import { createSignal, For, Show } from 'solid-js';
import { A, Navigate } from '@solidjs/router';
import { errorMessage } from '../../api';
import { ErrorNotice, LoadedView } from '../../components/status';
import { usePageTitle } from '../../document-title';
import { formatList, lang, t } from '../../i18n';
import { createLoaded, query, reload } from '../../data';
import { useTenant } from './tenant-layout';
import { getWorkbench, type Workbench } from './tenants.api';
import { TenantDashboard } from './tenant-dashboard';
import { canManagePeople } from './tenant-nav';
import { WorkbenchFilingAction } from './workbench-actions';
import { WorkbenchFund } from './workbench-fund';
import { showToast } from '../../components/toast';
import { FiledByHandPanel, type ByHandTask } from '../people/filed-by-hand-panel';

const workbenchQuery = query((slug: string, _lang: string) => getWorkbench(slug), 'tenant.workbench');

/** `/t/:slug`: the workbench (what needs doing, each with its link); an employee goes on to their own pages. */
export function TenantHomePage() {
  const tenant = useTenant();
  return (
    <Show when={tenant.role() !== 'employee'} fallback={<Navigate href={`/t/${encodeURIComponent(tenant.slug())}/me`} />}>
      <TenantWorkbench />
    </Show>
  );
}

function TenantWorkbench() {
  const tenant = useTenant();
  const data = tenant.home;
  usePageTitle(() => data().tenant.name);
  const work = createLoaded(() => workbenchQuery(tenant.slug(), lang()));
  const workData = work.value;
  const base = () => `/t/${encodeURIComponent(tenant.slug())}`;

  return (
    <section data-testid="tenant-home" data-slug={data().tenant.slug}>
      <h1 data-testid="page-title">{data().tenant.name}</h1>
      <h2>{t('tenantHome.work.title')}</h2>
      <LoadedView
        failed={work.error() && !workData()}
        failure={<ErrorNotice title={t('tenantHome.work.loadFailed')} message={errorMessage(work.error())} onRetry={() => void reload(workbenchQuery)} testId="workbench-error" />}
        data={workData()}
      >
        {(w) => <WorkbenchView work={w()} slug={tenant.slug()} base={base()} showInbox={tenant.role() !== 'consultant'} writer={canManagePeople(tenant.role())} />}
      </LoadedView>
      <TenantDashboard slug={tenant.slug()} base={base()} />
    </section>
  );
}

function WorkbenchView(props: { work: Workbench; slug: string; base: string; showInbox: boolean; writer: boolean }) {
  const f = () => props.work.filings;
  // The receipt panel of a filing made by hand, opened from an item (each item acts in place).
  const [byHand, setByHand] = createSignal<ByHandTask>();
  return (
    <div data-testid="workbench">
      <FiledByHandPanel
        task={byHand()}
        testId="workbench-by-hand"
        onClose={() => setByHand(undefined)}
        onDone={(_task, said) => {
          setByHand(undefined);
          showToast(said);
          void reload(workbenchQuery);
        }}
      />
      <ul class="tile-list workbench-tiles">
        <li>
          <A href={`${props.base}/tasks`} class="tile" data-testid="workbench-filings" data-open={f().open} data-overdue={f().overdue}>
            <span class="tile-title">{t('tenantHome.work.filings', { count: String(f().open) })}</span>
            <span classList={{ 'field-error': f().overdue > 0, hint: f().overdue === 0 }}>{t('tenantHome.work.overdue', { count: String(f().overdue) })}</span>
            <span class="hint">{t('tenantHome.work.dueSoon', { count: String(f().dueSoon) })}</span>
          </A>
        </li>
        <li>
          <A href={`${props.base}/risk`} class="tile" data-testid="workbench-risks" data-open={props.work.risks.open}>
            <span class="tile-title">{t('tenantHome.work.risks', { count: String(props.work.risks.open) })}</span>
          </A>
        </li>
        <Show when={props.work.stops.thisMonth > 0}>
          <li>
            <A href={`${props.base}/tasks`} class="tile" data-testid="workbench-stops" data-count={props.work.stops.thisMonth}>
              <span class="tile-title">{t('tenantHome.work.stops', { count: props.work.stops.thisMonth })}</span>
            </A>
          </li>
        </Show>
        <Show when={props.work.fund.toFile > 0}>
          <li>
            <A href={`${props.base}/tasks#fund`} class="tile" data-testid="workbench-fund" data-count={props.work.fund.toFile} data-overdue={props.work.fund.overdue}>
              <span class="tile-title">{t('tenantHome.work.fund', { count: props.work.fund.toFile })}</span>
              <span classList={{ 'field-error': props.work.fund.overdue > 0, hint: props.work.fund.overdue === 0 }}>{t('tenantHome.work.fundOverdue', { count: String(props.work.fund.overdue) })}</span>
            </A>
          </li>
        </Show>
        <Show when={props.showInbox}>
          <li>
            <A href={`${props.base}/inbox`} class="tile" data-testid="workbench-inbox" data-unread={props.work.inbox.unread}>
              <span class="tile-title">{t('tenantHome.work.inbox', { count: String(props.work.inbox.unread) })}</span>
            </A>
          </li>
        </Show>
      </ul>
      <Show when={props.work.policy.length > 0}>
        <div class="notice notice-warning" role="status" data-testid="workbench-policy">
          <p class="notice-title">{t('tenantHome.work.policyTitle')}</p>
          <ul>
            <For each={props.work.policy}>
              {(p) => (
                <li data-testid="workbench-policy-city" data-city={p.cityCode}>
                  <Show when={p.missing.length > 0}>
                    <span class="field-error">
                      {p.missing.includes('all')
                        ? t('tenantHome.work.policyAllMissing', { city: p.cityName, month: p.month })
                        : t('tenantHome.work.policyMissing', { city: p.cityName, month: p.month, insurances: insuranceList(p.missing) })}
                    </span>{' '}
                  </Show>
                  <Show when={p.provisional.length > 0}>
                    <span>{t('tenantHome.work.policyProvisional', { city: p.cityName, month: p.month, insurances: insuranceList(p.provisional) })}</span>
                  </Show>
                </li>
              )}
            </For>
          </ul>
          <A href="/policies" class="button button-secondary button-small" data-testid="workbench-policy-open">{t('tenantHome.work.policyOpen')}</A>
        </div>
      </Show>
      <Show when={f().nearest.length > 0} fallback={<p class="card empty" data-testid="workbench-nothing">{t('tenantHome.work.nothing')}</p>}>
        <h3>{t('tenantHome.work.nearest')}</h3>
        <ul class="card workbench-list">
          <For each={f().nearest}>
            {(x) => (
              <li data-testid="workbench-filing" data-task-id={x.taskId} data-status={x.status}>
                <span data-testid="workbench-filing-text">
                <A href={`${props.base}/employees/${x.employeeId}`}>{x.employeeName}</A>
                {' · '}
                {t(x.kind === 'enrollment' ? 'tenantHome.work.kind.enrollment' : 'tenantHome.work.kind.stop')}
                {' · '}
                <Show when={x.deadlineDate} fallback={<span class="hint">{t('tenantHome.work.month', { month: x.month })}</span>}>
                  {(date) => (
                    <span classList={{ 'field-error': (x.daysLeft ?? 0) < 0 }} data-testid="workbench-deadline">
                      {x.daysLeft !== null && x.daysLeft < 0
                        ? t('tenantHome.work.deadlinePassed', { date: date(), days: String(-x.daysLeft) })
                        : t('tenantHome.work.deadline', { date: date(), days: String(x.daysLeft ?? 0) })}
                    </span>
                  )}
                </Show>
                </span>{' '}
                <WorkbenchFilingAction item={x} slug={props.slug} base={props.base} writer={props.writer} query={workbenchQuery} onByHand={setByHand} />
              </li>
            )}
          </For>
        </ul>
      </Show>
      <WorkbenchFund items={props.work.fund.nearest} slug={props.slug} base={props.base} writer={props.writer} query={workbenchQuery} />
    </div>
  );
}

const INSURANCE_KEYS = ['pension', 'medical', 'maternity', 'unemployment', 'workInjury', 'housingFund'] as const;
type InsuranceKey = (typeof INSURANCE_KEYS)[number];

/** Insurance codes in the reader's words, joined as a list. */
function insuranceList(codes: readonly string[]): string {
  return formatList(codes.filter((c): c is InsuranceKey => (INSURANCE_KEYS as readonly string[]).includes(c)).map((c) => t(`insurance.${c}`)));
}
