import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { errorMessage } from '../../api';
import { BarChart, CHART_COLORS } from '../../components/bar-chart';
import { ResourceTable } from '../../components/resource-table';
import { ErrorNotice, Loading } from '../../components/status';
import { createLoaded, query, reload } from '../../data';
import { usePageTitle } from '../../document-title';
import { lang, t } from '../../i18n';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { changeDifference, DIFFERENCE_CLASSES, getDualRun, listDifferences, retireOldSystem, switchMode, type DifferenceClass, type DualRunDay, type DualRunDifference } from './dual-run.api';

/** `/t/:slug/migrations/:id/dual-run` (consultants, tenant admins): the 90-day dual run's dashboard. */
const runQuery = query((slug: string, id: string, _lang: string) => getDualRun(slug, id), 'dualRun.run');
const diffQuery = query((slug: string, id: string, cls: string, day: string) =>
  listDifferences(slug, id, { ...(cls ? { class: cls as DifferenceClass } : {}), ...(day ? { day } : {}), limit: 200, offset: 0 }), 'dualRun.differences');

const percent = (d: DualRunDay) => Math.round(d.matchRate * 10000) / 100;

export function DualRunPage() {
  const tenant = useTenant();
  const params = useParams<{ id: string }>();
  usePageTitle(() => t('dualRun.title'));
  const allowed = () => tenant.role() === 'tenant_admin' || tenant.role() === 'consultant';
  const [cls, setCls] = createSignal('');
  const [day, setDay] = createSignal('');
  const run = createLoaded(() => (allowed() ? runQuery(tenant.slug(), params.id, lang()) : undefined));
  const diffs = createLoaded(() => (allowed() && run.value() ? diffQuery(tenant.slug(), params.id, cls(), day()) : undefined));
  const [retireError, setRetireError] = createSignal('');
  const [signedOff, setSignedOff] = createSignal(false);
  const [modeError, setModeError] = createSignal('');

  const changeMode = async (mode: 'shadow' | 'live') => {
    setModeError('');
    try {
      await switchMode(tenant.slug(), params.id, mode);
      setSignedOff(false);
      await reload(runQuery);
    } catch (error) {
      setModeError(errorMessage(error));
    }
  };

  const explain = async (d: DualRunDifference) => {
    await changeDifference(tenant.slug(), params.id, d.id, { explained: true });
    await reload(diffQuery, runQuery);
  };
  const retire = async () => {
    setRetireError('');
    try {
      await retireOldSystem(tenant.slug(), params.id);
      await reload(runQuery);
    } catch (error) {
      setRetireError(errorMessage(error));
    }
  };

  return (
    <section data-testid="dual-run-page">
      <h1 data-testid="page-title">{t('dualRun.title')}</h1>
      <p class="lead">{t('dualRun.intro')}</p>
      <Show when={allowed()} fallback={<RoleNotice />}>
        <Switch fallback={<Loading />}>
          <Match when={run.error() && !run.value()}>
            <ErrorNotice title={t('dualRun.loadFailed')} message={errorMessage(run.error())} onRetry={() => void reload(runQuery)} testId="dual-run-error" />
          </Match>
          <Match when={run.value()}>
            {(data) => (
              <>
                <p data-testid="dual-run-summary">
                  <span class="badge" data-testid="dual-run-status">{t(`dualRun.status.${data().run.status}`)}</span>{' '}
                  <span class="badge">{t(`dualRun.mode.${data().run.mode}`)}</span>{' '}
                  {t('dualRun.summary', { day: data().days.at(-1)?.dayNumber ?? 0, total: data().run.daysTotal, streak: data().run.cleanStreak, required: data().run.cleanDaysRequired })}
                </p>
                <p data-testid="dual-run-held-back" data-count={data().run.heldBack.enrollment + data().run.heldBack.stop + data().run.heldBack.baseChange}>
                  {t(`dualRun.who.${data().run.mode}`)}{' '}
                  {t('dualRun.heldBack', { enrollment: data().run.heldBack.enrollment, stop: data().run.heldBack.stop, baseChange: data().run.heldBack.baseChange })}
                </p>
                <Show when={data().run.status !== 'retired'}>
                  <div class="filters" data-testid="dual-run-mode-switch">
                    <label>
                      <input type="checkbox" checked={signedOff()} onChange={(e) => setSignedOff(e.currentTarget.checked)} data-testid="dual-run-sign-off" />{' '}
                      {t(data().run.mode === 'shadow' ? 'dualRun.signOff.toLive' : 'dualRun.signOff.toShadow')}
                    </label>{' '}
                    <button type="button" disabled={!signedOff()} onClick={() => void changeMode(data().run.mode === 'shadow' ? 'live' : 'shadow')} data-testid="dual-run-switch-mode">
                      {t(data().run.mode === 'shadow' ? 'dualRun.switch.toLive' : 'dualRun.switch.toShadow')}
                    </button>
                  </div>
                  <Show when={modeError()}><p role="alert">{modeError()}</p></Show>
                </Show>
                <BarChart
                  title={t('dualRun.chart.title')}
                  label={t('dualRun.chart.label')}
                  figureTestId="dual-run-chart-figure"
                  canvasProps={{ 'data-testid': 'dual-run-chart', 'data-days': data().days.length }}
                  scales={{ y: { min: 0, max: 100 } }}
                  valueLabels={{ format: (v) => `${Math.floor(v)}%` }}
                  empty={t('dualRun.chart.empty')}
                  zeroIsData
                  data={() => ({
                    labels: data().days.map((d) => `${d.dayNumber}${d.late ? ` (${t('dualRun.late')})` : ''}`),
                    datasets: [{ label: t('dualRun.chart.rate'), data: data().days.map(percent), backgroundColor: data().days.map((d) => (d.clean ? CHART_COLORS.primary : CHART_COLORS.secondary)) }],
                  })}
                  tooltipLabel={(item) => { const d = data().days[item.dataIndex]!; return `${d.day}: ${percent(d)}% (${d.linesDifferent}/${d.linesCompared})`; }}
                />
                <h2>{t('dualRun.open.title')}</h2>
                <ul class="inline-list" data-testid="dual-run-open-by-class">
                  <For each={DIFFERENCE_CLASSES}>
                    {(c) => <li data-class={c}><button type="button" class="link" onClick={() => setCls(c)}>{t(`dualRun.class.${c}`)}: {data().run.openByClass[c]}</button></li>}
                  </For>
                </ul>
                <div class="filters">
                  <label>{t('dualRun.filter.class')}{' '}
                    <select value={cls()} onChange={(e) => setCls(e.currentTarget.value)} data-testid="dual-run-filter-class">
                      <option value="">{t('dualRun.filter.all')}</option>
                      <For each={DIFFERENCE_CLASSES}>{(c) => <option value={c}>{t(`dualRun.class.${c}`)}</option>}</For>
                    </select>
                  </label>{' '}
                  <label>{t('dualRun.filter.day')}{' '}
                    <select value={day()} onChange={(e) => setDay(e.currentTarget.value)} data-testid="dual-run-filter-day">
                      <option value="">{t('dualRun.filter.all')}</option>
                      <For each={data().days}>{(d) => <option value={d.day}>{d.day}</option>}</For>
                    </select>
                  </label>
                </div>
                <ResourceTable
                  testId="dual-run-differences"
                  rowTestId="dual-run-difference"
                  rows={diffs.value()?.items ?? []}
                  empty={t('dualRun.empty')}
                  rowAttributes={(d: DualRunDifference) => ({ 'data-class': d.class, 'data-kind': d.kind })}
                  columns={[
                    { header: t('dualRun.col.person'), rowHeader: true, cell: (d) => (d.employeeId ? <A href={`/t/${encodeURIComponent(tenant.slug())}/employees/${d.employeeId}`}>{d.label}</A> : d.label) },
                    { header: t('dualRun.col.kind'), cell: (d) => t(`dualRun.kind.${d.kind}`) },
                    { header: t('dualRun.col.item'), cell: (d) => d.item || '—' },
                    { header: t('dualRun.col.legacy'), cell: (d) => d.legacy ?? t('dualRun.missing') },
                    { header: t('dualRun.col.lianxu'), cell: (d) => d.lianxu ?? t('dualRun.missing') },
                    { header: t('dualRun.col.class'), cell: (d) => t(`dualRun.class.${d.class}`) },
                    { header: t('dualRun.col.firstSeen'), cell: (d) => d.firstSeenDay },
                    { header: t('dualRun.col.status'), cell: (d) => (d.status === 'open'
                      ? <button type="button" onClick={() => void explain(d)} data-testid="dual-run-explain">{t('dualRun.explain')}</button>
                      : t(`dualRun.diffStatus.${d.status}`)) },
                  ]}
                />
                <Switch>
                  <Match when={data().run.archive}>
                    {(archive) => <p data-testid="dual-run-retired">{t('dualRun.retire.done', { until: archive().retentionUntil })}</p>}
                  </Match>
                  <Match when={data().run.retirementOffered}>
                    <button type="button" class="primary" onClick={() => void retire()} data-testid="dual-run-retire">{t('dualRun.retire')}</button>
                  </Match>
                  <Match when={true}>
                    <p class="muted">{t('dualRun.retire.notYet', { total: data().run.daysTotal, required: data().run.cleanDaysRequired })}</p>
                  </Match>
                </Switch>
                <Show when={retireError()}><p role="alert">{retireError()}</p></Show>
              </>
            )}
          </Match>
        </Switch>
      </Show>
    </section>
  );
}
