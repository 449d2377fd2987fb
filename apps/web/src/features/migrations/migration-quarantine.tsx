import { createSignal, For, Show } from 'solid-js';
import { errorMessage } from '../../api';
import { ResourceTable } from '../../components/resource-table';
import { ErrorNotice, Loading } from '../../components/status';
import { lang, t } from '../../i18n';
import { createLoaded, query, reload } from '../../data';
import { listQuarantine, MIGRATION_FILES, quarantineXlsxHref, uploadCorrections, type MigrationFile, type ValidationReport } from './migrations.api';

const PAGE = 25;
const quarantineQuery = query(
  (slug: string, id: string, file: MigrationFile | '', reason: string, page: number, _lang: string) =>
    listQuarantine(slug, id, { ...(file ? { file } : {}), ...(reason ? { reason } : {}), limit: PAGE, offset: page * PAGE }),
  'migrations.quarantine',
);

/** The run's quarantined rows with their reasons, filterable by file and reason, paged. */
export function MigrationQuarantine(props: { slug: string; runId: string; reasons: ValidationReport['reasons']; editable?: boolean; onCorrected?: () => void }) {
  const [file, setFile] = createSignal<MigrationFile | ''>('');
  const [reason, setReason] = createSignal('');
  const [page, setPage] = createSignal(0);
  const rows = createLoaded(() => quarantineQuery(props.slug, props.runId, file(), reason(), page(), lang()));
  const [corrections, setCorrections] = createSignal<File>();
  const [busy, setBusy] = createSignal(false);
  const [failed, setFailed] = createSignal<string>();
  const [applied, setApplied] = createSignal<string>();
  async function correct() {
    const f = corrections();
    if (!f || busy()) return;
    setBusy(true);
    setFailed(undefined);
    setApplied(undefined);
    try {
      const r = await uploadCorrections(props.slug, props.runId, f);
      setApplied(t('migrations.corrections.applied', { corrected: r.corrected, skipped: r.skipped, accepted: Object.values(r.accepted).reduce((s, n) => s + n, 0) }));
      await reload(quarantineQuery);
      props.onCorrected?.();
    } catch (error) {
      setFailed(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }
  const quarantining = () => props.reasons.filter((r) => r.outcome === 'quarantined');
  return (
    <>
      <div class="toolbar">
        <label for="quarantine-file">{t('migrations.filter.file')}</label>
        <select id="quarantine-file" data-testid="quarantine-file" value={file()} onChange={(e) => (setFile(e.currentTarget.value as MigrationFile | ''), setPage(0))}>
          <option value="">{t('migrations.filter.all')}</option>
          <For each={MIGRATION_FILES}>{(f) => <option value={f}>{t(`migrations.file.${f}`)}</option>}</For>
        </select>
        <label for="quarantine-reason">{t('migrations.filter.reason')}</label>
        <select id="quarantine-reason" data-testid="quarantine-reason" value={reason()} onChange={(e) => (setReason(e.currentTarget.value), setPage(0))}>
          <option value="">{t('migrations.filter.all')}</option>
          <For each={quarantining()}>{(r) => <option value={r.code}>{r.code} ({r.count})</option>}</For>
        </select>
        <a class="button button-secondary button-small" href={quarantineXlsxHref(props.slug, props.runId, { file: file(), reason: reason() }, lang())} download="" data-testid="quarantine-xlsx">{t('migrations.quarantineXlsx')}</a>
      </div>
      <Show when={props.editable}>
        <div class="toolbar" data-testid="corrections-form">
          <label for="corrections-file">{t('migrations.corrections.file')}</label>
          <input id="corrections-file" type="file" accept=".csv,.xlsx" data-testid="corrections-file" onChange={(e) => setCorrections(e.currentTarget.files?.[0])} />
          <button type="button" class="button" disabled={busy() || !corrections()} data-testid="corrections-apply" onClick={() => void correct()}>{t('migrations.corrections.apply')}</button>
        </div>
        <Show when={failed()}>{(message) => <ErrorNotice message={message()} testId="corrections-error" />}</Show>
        <Show when={applied()}>{(text) => <p class="notice notice-info" data-testid="corrections-applied">{text()}</p>}</Show>
      </Show>
      <Show when={rows.error() && !rows.value()}>
        <ErrorNotice message={errorMessage(rows.error())} testId="quarantine-error" />
      </Show>
      <Show when={rows.value()} fallback={<Loading />}>
        {(d) => (
          <>
            <p data-testid="quarantine-total" data-total={d().total}>{t('migrations.quarantineTotal', { count: d().total })}</p>
            <ResourceTable
              testId="quarantine-table"
              rowTestId="quarantine-row"
              rows={d().items}
              busy={rows.pending()}
              empty={t('migrations.quarantineEmpty')}
              rowAttributes={(r) => ({ 'data-file': r.file, 'data-row': r.row, 'data-codes': r.reasons.map((x) => x.code).join(' ') })}
              columns={[
                { header: t('migrations.col.file'), rowHeader: true, cell: (r) => t(`migrations.file.${r.file as MigrationFile}`) },
                { header: t('migrations.col.row'), cell: (r) => r.row },
                { header: t('migrations.col.reasons'), cell: (r) => <For each={r.reasons}>{(x) => <div>{lang() === 'en' ? x.en : x['zh-CN']}</div>}</For> },
                { header: t('migrations.col.data'), cell: (r) => <small>{Object.entries(r.raw).map(([k, v]) => `${k}: ${v}`).join(' · ')}</small> },
              ]}
              paging={d().total > PAGE ? { page: page() + 1, pages: Math.ceil(d().total / PAGE), onPage: (p) => setPage(p - 1), testIdPrefix: 'quarantine-page' } : undefined}
            />
          </>
        )}
      </Show>
    </>
  );
}
