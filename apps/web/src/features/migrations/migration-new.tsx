import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { Field, fieldAria, OtherFieldErrors } from '../../components/form-field';
import { ErrorNotice } from '../../components/status';
import { createAction } from '../../components/submission';
import { t } from '../../i18n';
import { connectSource, SSL_MODES, uploadPackage, type MigrationRun, type SslMode } from './migrations.api';

type Way = 'package' | 'database';

/**
 * A new run, one of two ways: upload a package made by `lianxu migrations pack` (the CLI fetches
 * the tenant's transfer key itself, so nothing is asked here), or connect the old system's
 * read-only database (URL, password, TLS mode, CA certificate for verify-full). The API connects
 * first and creates the run only if that works; each refusal is shown beside the field it names.
 */
export function NewMigration(props: { slug: string; onStarted: (run: MigrationRun) => void }) {
  const [way, setWay] = createSignal<Way>('package');
  const [file, setFile] = createSignal<File>();
  const [url, setUrl] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [sslmode, setSslmode] = createSignal<SslMode>('prefer');
  const [caCert, setCaCert] = createSignal('');
  const upload = createAction();
  const connect = createAction();
  const fieldError = (name: string) => connect.fields()[name];

  async function onUpload(event: Event) {
    event.preventDefault();
    const chosen = file();
    if (!chosen) return;
    let run: MigrationRun | undefined;
    if (await upload.run(async () => (run = await uploadPackage(props.slug, chosen)))) props.onStarted(run!);
  }

  async function onConnect(event: Event) {
    event.preventDefault();
    const body = {
      url: url().trim(),
      sslmode: sslmode(),
      ...(password() ? { password: password() } : {}),
      ...(sslmode() === 'verify-full' && caCert().trim() ? { caCert: caCert().trim() } : {}),
    };
    let run: MigrationRun | undefined;
    if (await connect.run(async () => (run = await connectSource(props.slug, body)), { byField: true })) props.onStarted(run!);
  }

  return (
    <div class="card form" data-testid="migration-new">
      <h2>{t('migrations.new')}</h2>
      <fieldset class="me-kinds">
        <legend>{t('migrations.new.way')}</legend>
        <For each={['package', 'database'] as const}>
          {(w) => (
            <label class="me-kind">
              <input type="radio" name="migration-way" value={w} checked={way() === w} data-testid={`migration-way-${w}`} onChange={() => setWay(w)} /> {t(`migrations.new.way.${w}`)}
            </label>
          )}
        </For>
      </fieldset>
      <Switch>
        <Match when={way() === 'package'}>
          <form onSubmit={(e) => void onUpload(e)} data-testid="migration-upload-form">
            <label for="migration-package">{t('migrations.packageFile')}</label>
            <input id="migration-package" type="file" accept=".lxpkg" data-testid="migration-package" onChange={(e) => setFile(e.currentTarget.files?.[0])} />
            <p class="field-hint" data-testid="migration-pack-hint">{t('migrations.packHint')}</p>
            <Show when={upload.error()}>{(message) => <ErrorNotice message={message()} testId="migration-upload-error" />}</Show>
            <div class="toolbar">
              <button type="submit" class="button button-primary" disabled={!file() || upload.busy()} data-testid="migration-upload">
                {upload.busy() ? t('migrations.uploading') : t('migrations.upload')}
              </button>
            </div>
          </form>
        </Match>
        <Match when={way() === 'database'}>
          <form onSubmit={(e) => void onConnect(e)} novalidate data-testid="migration-source-form">
            <p class="hint">{t('migrations.source.intro')}</p>
            <Field for="migration-source-url" label={t('migrations.source.url')} hint={t('migrations.source.urlHint')} error={fieldError('url')} testId="migration-source-url">
              <input id="migration-source-url" type="text" inputmode="url" autocomplete="off" spellcheck={false} placeholder="postgres://user@host:5432/hr" data-testid="migration-source-url" value={url()} onInput={(e) => setUrl(e.currentTarget.value)} {...fieldAria('migration-source-url', fieldError('url'), true)} />
            </Field>
            <Field for="migration-source-password" label={t('migrations.source.password')} error={fieldError('password')} testId="migration-source-password">
              <input id="migration-source-password" type="password" autocomplete="new-password" data-testid="migration-source-password" value={password()} onInput={(e) => setPassword(e.currentTarget.value)} {...fieldAria('migration-source-password', fieldError('password'))} />
            </Field>
            <Field for="migration-source-sslmode" label={t('migrations.source.sslmode')} hint={t(`migrations.source.sslmode.${sslmode()}.hint`)} error={fieldError('sslmode')} testId="migration-source-sslmode">
              <select id="migration-source-sslmode" data-testid="migration-source-sslmode" value={sslmode()} onChange={(e) => setSslmode(e.currentTarget.value as SslMode)} {...fieldAria('migration-source-sslmode', fieldError('sslmode'), true)}>
                <For each={SSL_MODES}>{(mode) => <option value={mode}>{t(`migrations.source.sslmode.${mode}`)}</option>}</For>
              </select>
            </Field>
            <Show when={sslmode() === 'verify-full'}>
              <Field for="migration-source-ca" label={t('migrations.source.caCert')} hint={t('migrations.source.caCertHint')} error={fieldError('caCert')} testId="migration-source-ca">
                <textarea id="migration-source-ca" rows={6} spellcheck={false} placeholder="-----BEGIN CERTIFICATE-----" data-testid="migration-source-ca" value={caCert()} onInput={(e) => setCaCert(e.currentTarget.value)} {...fieldAria('migration-source-ca', fieldError('caCert'), true)} />
              </Field>
            </Show>
            <Show when={connect.error()}>{(message) => <ErrorNotice message={message()} testId="migration-source-error" />}</Show>
            <OtherFieldErrors fields={connect.fields()} shown={['url', 'password', 'sslmode', ...(sslmode() === 'verify-full' ? ['caCert'] : [])]} />
            <div class="toolbar">
              <button type="submit" class="button button-primary" disabled={!url().trim() || connect.busy()} data-testid="migration-source-connect">
                {connect.busy() ? t('migrations.source.connecting') : t('migrations.source.connect')}
              </button>
            </div>
          </form>
        </Match>
      </Switch>
    </div>
  );
}
