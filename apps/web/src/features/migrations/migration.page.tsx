import { A, useParams } from '@solidjs/router';
import { createEffect, createSignal, lazy, Match, onCleanup, Show, Suspense, Switch } from 'solid-js';
import { errorMessage } from '../../api';
import { ErrorNotice, Loading } from '../../components/status';
import { usePageTitle } from '../../document-title';
import { lang, t } from '../../i18n';
import { createLoaded, query, reload } from '../../data';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { MigrationDryRun } from './migration-dry-run';
import { MigrationMappingEditor } from './migration-mapping';
import { MigrationQuarantine } from './migration-quarantine';
import { getMigration, loadMigration, migrationReconciliation, promoteMigration, signOffMigration, validationReport, type MigrationFile, type MigrationRun, type WrappedKey } from './migrations.api';
import { dateTime, MIGRATION_ROLES, shortId } from './migrations.page';

/**
 * `/t/:slug/migrations/:id` (tenant admin, consultant): one run from load to promotion: the load
 * with the run key file (checked with the tenant's registered transfer key), live progress (rows read, validated, promoted), the
 * validation report with its chart, the quarantine, the two sign-offs and the promotion.
 */
const runQuery = query((slug: string, id: string, _lang: string) => getMigration(slug, id), 'migrations.run');
const reportQuery = query((slug: string, id: string, _files: string, _lang: string) => validationReport(slug, id), 'migrations.report');
const reconciliationQuery = query((slug: string, id: string, _status: string, _promoted: number, _lang: string) => migrationReconciliation(slug, id), 'migrations.reconciliation');
const MigrationReport = lazy(() => import('./migration-report').then((m) => ({ default: m.MigrationReport })));
const MigrationReconciliation = lazy(() => import('./migration-reconciliation').then((m) => ({ default: m.MigrationReconciliation })));

export function MigrationPage() {
  const tenant = useTenant();
  const params = useParams<{ id: string }>();
  usePageTitle(() => t('migrations.run', { id: shortId(params.id) }));
  const allowed = () => MIGRATION_ROLES.includes(tenant.role());
  const run = createLoaded(() => (allowed() ? runQuery(tenant.slug(), params.id, lang()) : undefined));
  const loaded = () => (run.value()?.status === 'validated' || run.value()?.status === 'promoting' || run.value()?.status === 'promoted' ? run.value()!.status : '');
  const report = createLoaded(() => (allowed() && loaded() ? reportQuery(tenant.slug(), params.id, loaded(), lang()) : undefined));
  // Read again as promotion goes on (its promoted column grows) and after a re-validation.
  const reconciliation = createLoaded(() => (allowed() && loaded() ? reconciliationQuery(tenant.slug(), params.id, loaded(), run.value()?.promotion.promoted ?? 0, lang()) : undefined));
  const [failed, setFailed] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [keyFile, setKeyFile] = createSignal<WrappedKey>();

  // Live progress: the run is read again every second while it loads or is promoted, and from the
  // moment a promotion is asked for (the run stays validated until the worker has begun it).
  const [promoting, setPromoting] = createSignal(false);
  let timer: ReturnType<typeof setInterval> | undefined;
  createEffect(() => {
    const status = run.value()?.status;
    clearInterval(timer);
    timer = undefined;
    if (status === 'loading' || status === 'promoting' || (promoting() && status === 'validated')) timer = setInterval(() => void reload(runQuery), 1000);
  });
  onCleanup(() => clearInterval(timer));

  async function act(work: () => Promise<unknown>) {
    if (busy()) return;
    setBusy(true);
    setFailed(undefined);
    try {
      await work();
      await reload(runQuery);
    } catch (error) {
      setFailed(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  async function readKeyFile(file: File | undefined) {
    setKeyFile(undefined);
    if (!file) return;
    try {
      setKeyFile(JSON.parse(await file.text()) as WrappedKey);
    } catch {
      setFailed(t('migrations.keyFileInvalid'));
    }
  }

  const mySide = () => (tenant.role() === 'consultant' ? 'consultant' : 'tenantAdmin');
  const signed = (r: MigrationRun) => Boolean(r.signOffs.consultant && r.signOffs.tenantAdmin);

  return (
    <section data-testid="migration-page">
      <p><A href={`/t/${encodeURIComponent(tenant.slug())}/migrations`} data-testid="migrations-back">{t('migrations.back')}</A></p>
      <h1 data-testid="page-title">{t('migrations.run', { id: shortId(params.id) })}</h1>
      <Show when={allowed()} fallback={<RoleNotice />}>
        <Show when={failed()}>{(message) => <ErrorNotice title={t('migrations.actionFailed')} message={message()} testId="migration-action-error" />}</Show>
        <Switch fallback={<Loading />}>
          <Match when={run.error() && !run.value()}>
            <ErrorNotice title={t('migrations.loadFailed')} message={errorMessage(run.error())} onRetry={() => void reload(runQuery)} testId="migration-load-error" />
          </Match>
          <Match when={run.value()}>
            {(r) => (
              <>
                <p data-testid="migration-status" data-status={r().status}><strong>{t(`migrations.status.${r().status}`)}</strong></p>
                <Show when={r().failure}>{(f) => <ErrorNotice message={t('migrations.failure', { reason: lang() === 'en' ? f().en : f()['zh-CN'] })} testId="migration-failure" />}</Show>

                <Show when={r().status === 'created' || r().status === 'failed'}>
                  <form class="card form" data-testid="migration-load-form" onSubmit={(e) => (e.preventDefault(), void act(() => loadMigration(tenant.slug(), r().id, keyFile()!)))}>
                    <h2>{t('migrations.loadTitle')}</h2>
                    <label for="migration-key-file">{t('migrations.keyFile')}</label>
                    <input id="migration-key-file" type="file" accept=".key,application/json" data-testid="migration-key-file" onChange={(e) => void readKeyFile(e.currentTarget.files?.[0])} />
                    <p class="field-hint">{t('migrations.keyFileHint')}</p>
                    <div class="toolbar">
                      <button type="submit" class="button button-primary" disabled={busy() || !keyFile()} data-testid="migration-load">{t('migrations.loadStart')}</button>
                    </div>
                  </form>
                </Show>

                <h2>{t('migrations.progress')}</h2>
                <dl class="figures" data-testid="migration-progress" data-read={r().totals.read} data-accepted={r().totals.accepted} data-quarantined={r().totals.quarantined} data-promoted={r().totals.promoted}>
                  <div><dt>{t('migrations.progress.read')}</dt><dd data-testid="progress-read">{r().totals.read}</dd></div>
                  <div><dt>{t('migrations.progress.accepted')}</dt><dd data-testid="progress-accepted">{r().totals.accepted}</dd></div>
                  <div><dt>{t('migrations.progress.quarantined')}</dt><dd data-testid="progress-quarantined">{r().totals.quarantined}</dd></div>
                  <div><dt>{t('migrations.progress.promoted')}</dt><dd data-testid="progress-promoted">{r().totals.promoted}</dd></div>
                </dl>
                <Show when={r().loading}>
                  {(l) => (
                    <>
                      <p data-testid="progress-loading-file">{t('migrations.progress.loadingFile', { file: t(`migrations.file.${l().file as MigrationFile}`) })}</p>
                      <progress aria-label={t('migrations.status.loading')} />
                    </>
                  )}
                </Show>
                <Show when={r().promotion.total}>
                  {(total) => (
                    <>
                      <p data-testid="progress-promotion">{t('migrations.progress.promotion', { promoted: r().promotion.promoted, total: total() })}</p>
                      <progress max={total()} value={r().promotion.promoted} aria-label={t('migrations.promote')} />
                    </>
                  )}
                </Show>
                <Show when={r().status === 'promoted'}>
                  <p class="notice notice-info" data-testid="migration-promoted">{t('migrations.promoted', { count: r().promotion.promoted, lines: r().promotion.historyLines })}</p>
                  <p>
                    <A href={`/t/${encodeURIComponent(tenant.slug())}/migrations/${r().id}/dual-run`} class="button-link" data-testid="dual-run-link">{t('migrations.dualRun')}</A>
                  </p>
                </Show>

                <Show when={report.value()}>
                  {(rep) => (
                    <>
                      <h2>{t('migrations.report')}</h2>
                      <Suspense fallback={<Loading />}>
                        <MigrationReport report={rep()} />
                      </Suspense>
                      <h2>{t('migrations.reconciliation')}</h2>
                      <p class="hint">{t('migrations.reconciliation.hint')}</p>
                      <Show when={reconciliation.error() && !reconciliation.value()}>
                        <ErrorNotice title={t('migrations.reconciliation.loadFailed')} message={errorMessage(reconciliation.error())} onRetry={() => void reload(reconciliationQuery)} testId="reconciliation-error" />
                      </Show>
                      <Show when={reconciliation.value()}>
                        {(rec) => (
                          <Suspense fallback={<Loading />}>
                            <MigrationReconciliation data={rec()} />
                          </Suspense>
                        )}
                      </Show>
                      <h2>{t('migrations.quarantine')}</h2>
                      <MigrationQuarantine slug={tenant.slug()} runId={r().id} reasons={rep().reasons} editable={r().status === 'validated'} onCorrected={() => void Promise.all([reload(runQuery), reload(reportQuery), reload(reconciliationQuery)])} />
                    </>
                  )}
                </Show>

                <Show when={r().status === 'validated'}>
                  <h2>{t('migrations.mapping')}</h2>
                  <MigrationMappingEditor slug={tenant.slug()} runId={r().id} onRevalidated={() => void Promise.all([reload(runQuery), reload(reportQuery), reload(reconciliationQuery)])} />
                  <h2>{t('migrations.dryRun')}</h2>
                  <MigrationDryRun slug={tenant.slug()} runId={r().id} />
                </Show>

                <Show when={loaded()}>
                  <h2>{t('migrations.signOff')}</h2>
                  <ul class="plain-list" data-testid="migration-sign-offs">
                    <li data-testid="sign-off-consultant" data-signed={r().signOffs.consultant ? 'yes' : 'no'}>
                      {t('migrations.signOff.consultant')}: {r().signOffs.consultant ? t('migrations.signOff.done', { email: r().signOffs.consultant!.email, at: dateTime(r().signOffs.consultant!.at) }) : t('migrations.signOff.pending')}
                    </li>
                    <li data-testid="sign-off-tenant-admin" data-signed={r().signOffs.tenantAdmin ? 'yes' : 'no'}>
                      {t('migrations.signOff.tenantAdmin')}: {r().signOffs.tenantAdmin ? t('migrations.signOff.done', { email: r().signOffs.tenantAdmin!.email, at: dateTime(r().signOffs.tenantAdmin!.at) }) : t('migrations.signOff.pending')}
                    </li>
                  </ul>
                  <Show when={r().status === 'validated'}>
                    <div class="toolbar">
                      <Show when={!r().signOffs[mySide()]}>
                        <button type="button" class="button" disabled={busy()} data-testid="migration-sign-off" onClick={() => void act(() => signOffMigration(tenant.slug(), r().id))}>
                          {t('migrations.signOff.mine')}
                        </button>
                      </Show>
                      <button type="button" class="button button-primary" disabled={busy() || !signed(r())} data-testid="migration-promote" onClick={() => void act(() => promoteMigration(tenant.slug(), r().id).then(() => setPromoting(true)))}>
                        {t('migrations.promote')}
                      </button>
                    </div>
                    <p class="hint">{t('migrations.promoteHint')}</p>
                  </Show>
                </Show>
              </>
            )}
          </Match>
        </Switch>
      </Show>
    </section>
  );
}
