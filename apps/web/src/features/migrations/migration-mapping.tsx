import { createEffect, createSignal, For, Show } from 'solid-js';
import { errorMessage } from '../../api';
import { ErrorNotice, Loading } from '../../components/status';
import { lang, t } from '../../i18n';
import { createLoaded, query, reload } from '../../data';
import { getMapping, revalidateMigration, saveMapping, type FileMappingBody, type MigrationFile, type MigrationMapping } from './migrations.api';

const mappingQuery = query((slug: string, id: string, _lang: string) => getMapping(slug, id), 'migrations.mapping');

type Choice = Record<string, string>; // legacy column -> target ('' = not used)

/** The file's mapping (saved, else proposed) as column -> target, the way the editor shows it. */
function choicesOf(f: MigrationMapping['files'][number]): Choice {
  const out: Choice = Object.fromEntries(f.headers.map((h) => [h, '']));
  for (const [target, header] of Object.entries(f.saved ?? f.proposed)) if (header in out && !out[header]) out[header] = target;
  return out;
}

/**
 * The run's mapping editor: per file each legacy column with the Lianxu field it feeds (custom
 * fields included for the roster). Saving keeps a new version for the tenant and checks the
 * quarantined rows again with it; a new load applies it to every row.
 */
export function MigrationMappingEditor(props: { slug: string; runId: string; onRevalidated: () => void }) {
  const mapping = createLoaded(() => mappingQuery(props.slug, props.runId, lang()));
  const [choices, setChoices] = createSignal<Partial<Record<MigrationFile, Choice>>>({});
  const [busy, setBusy] = createSignal(false);
  const [failed, setFailed] = createSignal<string>();
  const [saved, setSaved] = createSignal<string>();
  createEffect(() => {
    const m = mapping.value();
    if (m) setChoices(Object.fromEntries(m.files.map((f) => [f.file, choicesOf(f)])));
  });
  const targetLabel = (target: MigrationMapping['files'][number]['targets'][number]) =>
    target.labels ? t('migrations.mapping.custom', { label: lang() === 'en' ? target.labels.en : target.labels['zh-CN'] }) : `${target.target}${target.required ? ' *' : ''}`;

  async function save() {
    if (busy()) return;
    setBusy(true);
    setFailed(undefined);
    setSaved(undefined);
    try {
      const body: FileMappingBody = {};
      for (const f of mapping.value()?.files ?? []) {
        if (!f.headers.length) continue;
        body[f.file as MigrationFile] = Object.fromEntries(Object.entries(choices()[f.file as MigrationFile] ?? {}).filter(([, target]) => target).map(([header, target]) => [target, header]));
      }
      const { version } = await saveMapping(props.slug, props.runId, body);
      const r = await revalidateMigration(props.slug, props.runId);
      setSaved(t('migrations.mapping.saved', { version, accepted: Object.values(r.accepted).reduce((s, n) => s + n, 0) }));
      await reload(mappingQuery);
      props.onRevalidated();
    } catch (error) {
      setFailed(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="card" data-testid="migration-mapping">
      <Show when={failed()}>{(message) => <ErrorNotice message={message()} testId="mapping-error" />}</Show>
      <Show when={mapping.value()} fallback={<Loading />}>
        {(m) => (
          <>
            <p class="hint" data-testid="mapping-version" data-version={m().version ?? ''} data-run-version={m().runVersion ?? ''}>
              {m().version === null ? t('migrations.mapping.proposed') : t('migrations.mapping.version', { version: m().version!, run: m().runVersion ?? '—' })}
            </p>
            <For each={m().files.filter((f) => f.headers.length)}>
              {(f) => (
                <fieldset data-testid={`mapping-file-${f.file}`}>
                  <legend>{t(`migrations.file.${f.file as MigrationFile}`)}</legend>
                  <For each={f.headers}>
                    {(header) => (
                      <label class="form-row">
                        <span>{header}</span>
                        <select
                          data-testid="mapping-select" data-file={f.file} data-column={header}
                          value={choices()[f.file as MigrationFile]?.[header] ?? ''}
                          onChange={(e) => setChoices({ ...choices(), [f.file]: { ...choices()[f.file as MigrationFile], [header]: e.currentTarget.value } })}
                        >
                          <option value="">{t('migrations.mapping.unused')}</option>
                          <For each={f.targets}>{(target) => <option value={target.target}>{targetLabel(target)}</option>}</For>
                        </select>
                      </label>
                    )}
                  </For>
                </fieldset>
              )}
            </For>
            <div class="toolbar">
              <button type="button" class="button button-primary" disabled={busy()} data-testid="mapping-save" onClick={() => void save()}>{t('migrations.mapping.save')}</button>
            </div>
            <Show when={saved()}>{(text) => <p class="notice notice-info" data-testid="mapping-saved">{text()}</p>}</Show>
            <p class="hint">{t('migrations.mapping.hint')}</p>
          </>
        )}
      </Show>
    </div>
  );
}
