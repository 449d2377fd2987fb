import { createSignal, For, Match, Show, Switch, onCleanup } from 'solid-js';
import { errorMessage } from '../../api';
import { ErrorNotice, Loading } from '../../components/status';
import { usePageTitle } from '../../document-title';
import { lang, t } from '../../i18n';
import { yuanFromFen } from '../../money-format';
import { createLoaded, query, reload } from '../../data';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { listRiskFindings, riskReportHref, riskScanRun, startRiskScan } from './risk.api';
import { RiskFindingsTable } from './risk-findings';

/** `/t/:slug/risk` (tenant admin, HR, consultant reads): the findings of the daily scan, a scan now, acknowledge with a reason. */
const PAGE = 50;
type Kind = 'risks' | 'notices';
const findingsQuery = query((slug: string, kind: Kind, state: 'open' | 'acknowledged' | 'resolved', page: number, _lang: string) => listRiskFindings(slug, { kind, state, limit: PAGE, offset: page * PAGE }), 'risk.findings');

export function RiskPage() {
  const tenant = useTenant();
  usePageTitle(() => t('risk.title'));
  const readers = () => ['tenant_admin', 'hr', 'consultant'].includes(tenant.role());
  const writers = () => ['tenant_admin', 'hr'].includes(tenant.role());
  const [state, setState] = createSignal<'open' | 'acknowledged' | 'resolved'>('open');
  const [page, setPage] = createSignal(0);
  // Risks (money or coverage at stake) first; notices about the figures (provisional policy data,
  // one per employee concerned) apart, so they never bury the risks.
  const [kind, setKind] = createSignal<Kind>('risks');
  const findings = createLoaded(() => (readers() ? findingsQuery(tenant.slug(), kind(), state(), page(), lang()) : undefined));
  const [scan, setScan] = createSignal<{ status: 'running' | 'completed' | 'failed'; text?: string }>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));

  async function scanNow(): Promise<void> {
    if (scan()?.status === 'running') return;
    setScan({ status: 'running' });
    try {
      const { workflowId } = await startRiskScan(tenant.slug());
      const poll = async (): Promise<void> => {
        const run = await riskScanRun(tenant.slug(), workflowId);
        if (run.status === 'running') {
          timer = setTimeout(() => void poll().catch(() => setScan({ status: 'failed' })), 1000);
          return;
        }
        if (run.status === 'completed' && run.result) {
          setScan({ status: 'completed', text: t('risk.scanDone', { employees: run.result.employees, created: run.result.created, resolved: run.result.resolved }) });
          void reload(findingsQuery);
        } else setScan({ status: 'failed' });
      };
      await poll();
    } catch {
      setScan({ status: 'failed' });
    }
  }

  return (
    <section data-testid="risk-page">
      <h1 data-testid="page-title">{t('risk.title')}</h1>
      <p class="lead">{t('risk.intro')}</p>
      <Show when={readers()} fallback={<RoleNotice />}>
        <div class="toolbar" role="group" aria-label={t('risk.kind.label')}>
          <For each={['risks', 'notices'] as const}>
            {(k) => (
              <button type="button" class={`button button-small${kind() === k ? ' button-primary' : ''}`} data-testid={`risk-kind-${k}`} aria-pressed={kind() === k} onClick={() => (setKind(k), setPage(0))}>
                {t(`risk.kind.${k}`)}
              </button>
            )}
          </For>
        </div>
        <div class="toolbar">
          <For each={['open', 'acknowledged', 'resolved'] as const}>
            {(s) => (
              <button type="button" class={`button button-small${state() === s ? ' button-primary' : ''}`} data-testid={`risk-filter-${s}`} aria-pressed={state() === s} onClick={() => (setState(s), setPage(0))}>
                {t(`risk.filter.${s}`)}
              </button>
            )}
          </For>
          <a class="button button-secondary button-small" href={riskReportHref(tenant.slug(), 'pdf', lang())} download="" data-testid="risk-report-pdf">{t('risk.reportPdf')}</a>
          <a class="button button-secondary button-small" href={riskReportHref(tenant.slug(), 'xlsx', lang())} download="" data-testid="risk-report-xlsx">{t('risk.reportXlsx')}</a>
          <Show when={writers()}>
            <button type="button" class="button" data-testid="risk-scan-now" disabled={scan()?.status === 'running'} onClick={() => void scanNow()}>
              {scan()?.status === 'running' ? t('risk.scanRunning') : t('risk.scanNow')}
            </button>
          </Show>
        </div>
        <Show when={scan()?.status === 'running'}>
          <progress data-testid="risk-scan-progress" aria-label={t('risk.scanRunning')} />
        </Show>
        <Show when={scan()?.status === 'completed'}>
          <p class="notice notice-info" data-testid="risk-scan-done">{scan()!.text}</p>
        </Show>
        <Show when={scan()?.status === 'failed'}>
          <ErrorNotice message={t('risk.scanFailed')} testId="risk-scan-error" />
        </Show>
        <Switch fallback={<Loading />}>
          <Match when={findings.error() && !findings.value()}>
            <ErrorNotice title={t('risk.loadFailed')} message={errorMessage(findings.error())} onRetry={() => void reload(findingsQuery)} testId="risk-load-error" />
          </Match>
          <Match when={findings.value()}>
            {(d) => (
              <>
                <p data-testid="risk-total">{t('risk.total', { count: d().total, amount: yuanFromFen(d().totalAtStakeFen) })}</p>
                <RiskFindingsTable
                  slug={tenant.slug()}
                  rows={d().items}
                  canAcknowledge={writers()}
                  onChanged={() => void reload(findingsQuery)}
                  testId="risk-findings"
                  empty={t('risk.empty')}
                />
                <Show when={d().total > PAGE}>
                  <div class="toolbar">
                    <button type="button" class="button button-small" disabled={page() === 0} onClick={() => setPage(page() - 1)}>‹</button>
                    <span>{page() + 1} / {Math.ceil(d().total / PAGE)}</span>
                    <button type="button" class="button button-small" disabled={(page() + 1) * PAGE >= d().total} onClick={() => setPage(page() + 1)}>›</button>
                  </div>
                </Show>
              </>
            )}
          </Match>
        </Switch>
      </Show>
    </section>
  );
}
