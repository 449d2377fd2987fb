import { createSignal, For, Show } from 'solid-js';
import { errorMessage } from '../../api';
import { ErrorNotice } from '../../components/status';
import { t } from '../../i18n';
import { migrationDryRun, type DryRunDiff } from './migrations.api';

/** What promotion would create and change in the live tenant, computed from the sandbox (nothing written). */
export function MigrationDryRun(props: { slug: string; runId: string }) {
  const [diff, setDiff] = createSignal<DryRunDiff>();
  const [busy, setBusy] = createSignal(false);
  const [failed, setFailed] = createSignal<string>();
  async function open() {
    setBusy(true);
    setFailed(undefined);
    try {
      setDiff(await migrationDryRun(props.slug, props.runId));
    } catch (error) {
      setFailed(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div class="card" data-testid="migration-dry-run">
      <div class="toolbar">
        <button type="button" class="button" disabled={busy()} data-testid="dry-run-open" onClick={() => void open()}>{t('migrations.dryRun.open')}</button>
      </div>
      <Show when={failed()}>{(message) => <ErrorNotice message={message()} testId="dry-run-error" />}</Show>
      <Show when={diff()}>
        {(d) => (
          <>
            <dl class="figures" data-testid="dry-run-figures" data-create={d().employees.create} data-matched={d().employees.matched} data-periods={d().coveragePeriods} data-lines={d().contributionLines}>
              <div><dt>{t('migrations.dryRun.create')}</dt><dd>{d().employees.create}</dd></div>
              <div><dt>{t('migrations.dryRun.matched')}</dt><dd>{d().employees.matched}</dd></div>
              <div><dt>{t('migrations.dryRun.periods')}</dt><dd>{d().coveragePeriods}</dd></div>
              <div><dt>{t('migrations.dryRun.lines')}</dt><dd>{d().contributionLines}</dd></div>
            </dl>
            <Show when={d().employees.alreadyPromoted}>{(n) => <p class="hint">{t('migrations.dryRun.alreadyPromoted', { count: n() })}</p>}</Show>
            <table class="table" data-testid="dry-run-cities">
              <thead>
                <tr><th>{t('migrations.dryRun.city')}</th><th>{t('migrations.dryRun.create')}</th><th>{t('migrations.dryRun.matched')}</th><th>{t('migrations.dryRun.periods')}</th><th>{t('migrations.dryRun.lines')}</th></tr>
              </thead>
              <tbody>
                <For each={d().cities}>{(c) => <tr data-testid="dry-run-city" data-city={c.city}><th scope="row">{c.city}</th><td>{c.create}</td><td>{c.matched}</td><td>{c.coveragePeriods}</td><td>{c.contributionLines}</td></tr>}</For>
              </tbody>
            </table>
            <Show when={d().matched.length}>
              <h3>{t('migrations.dryRun.matchedTitle')}</h3>
              <ul class="plain-list" data-testid="dry-run-matched">
                <For each={d().matched}>
                  {(m) => (
                    <li data-row={m.row}>
                      {m.name} ({m.idNumberMasked}) {m.leftOut ? t('migrations.dryRun.leftOut') : ''}
                      <For each={m.changes}>{(c) => <div><small>{t('migrations.dryRun.change', { field: c.field, live: c.live ?? '—', sandbox: c.sandbox ?? '—' })}</small></div>}</For>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}
