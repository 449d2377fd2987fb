import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { errorMessage } from '../../api';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Field, fieldAria, OtherFieldErrors } from '../../components/form-field';
import { ResourceTable } from '../../components/resource-table';
import { createAction } from '../../components/submission';
import { ErrorNotice, Loading } from '../../components/status';
import { createLoaded, query, reload } from '../../data';
import { formatDateTime, formatList, lang, t } from '../../i18n';
import { API_KEY_SCOPES, createApiKey, listApiKeys, revokeApiKey, type ApiKey, type ApiKeyScope, type CreatedApiKey } from './integrations.api';
import { focusSafeButton } from './focus-safe';
import { SecretOnce } from './secret-once';

const keysQuery = query((slug: string, _lang: string) => listApiKeys(slug), 'integrations.keys');
const DEFAULT_DAYS = '365';

export type KeyState = 'active' | 'revoked' | 'expired';
export function keyState(key: Pick<ApiKey, 'revokedAt' | 'expiresAt'>, now = Date.now()): KeyState {
  if (key.revokedAt) return 'revoked';
  return Date.parse(key.expiresAt) <= now ? 'expired' : 'active';
}
const STATE_BADGE: Record<KeyState, string> = { active: 'badge badge-success', revoked: 'badge badge-danger', expired: 'badge badge-warning' };
/** The scope in words, without its description (the part before the colon of its label). */
const scopeName = (scope: ApiKeyScope) => t(`integrations.scope.${scope}`).split(/[：:]/)[0]!;

/** The tenant's API keys: list, create (the secret shown once), revoke after a confirmation. */
export function ApiKeysSection(props: { slug: string }) {
  const keys = createLoaded(() => keysQuery(props.slug, lang()));
  const data = keys.value;
  const refetch = () => reload(keysQuery);
  const [name, setName] = createSignal('');
  const [scopes, setScopes] = createSignal<ReadonlySet<ApiKeyScope>>(new Set(['employees:read']));
  const [days, setDays] = createSignal(DEFAULT_DAYS);
  const create = createAction();
  const { error, fields: fieldErrors } = create;
  const revoke = createAction();
  const [created, setCreated] = createSignal<CreatedApiKey>();
  const [revoking, setRevoking] = createSignal<ApiKey>();

  function toggle(scope: ApiKeyScope, on: boolean): void {
    const next = new Set(scopes());
    if (on) next.add(scope);
    else next.delete(scope);
    setScopes(next);
  }

  async function onCreate(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (create.busy()) return;
    setCreated(undefined);
    await create.run(async () => {
      // The number as typed: a blank (0) or a non-number (sent as null) is the API's to refuse, naming expiresInDays.
      setCreated(await createApiKey(props.slug, { name: name(), scopes: API_KEY_SCOPES.filter((s) => scopes().has(s)), expiresInDays: Number(days()) }));
      setName('');
      setScopes(new Set<ApiKeyScope>(['employees:read']));
      setDays(DEFAULT_DAYS);
      void refetch();
    }, { byField: true });
  }

  async function onRevoke(): Promise<void> {
    const key = revoking();
    if (!key) return;
    await revoke.run(async () => {
      await revokeApiKey(props.slug, key.id);
      setRevoking(undefined);
      void refetch();
    });
  }

  const scopeError = () => fieldErrors().scopes ?? Object.entries(fieldErrors()).find(([k]) => k.startsWith('scopes.'))?.[1];

  return (
    <section data-testid="api-keys-section">
      <h2 class="section">{t('integrations.keys.title')}</h2>
      <Switch fallback={<Loading />}>
        <Match when={keys.error() && !data()}>
          <ErrorNotice title={t('integrations.keys.loadFailed')} message={errorMessage(keys.error())} onRetry={() => void refetch()} testId="api-keys-load-error" />
        </Match>
        <Match when={data()}>
          {(d) => (
            <ResourceTable
              testId="api-keys-list"
              rows={d().items}
              empty={t('integrations.keys.empty')}
              emptyTestId="api-keys-empty"
              rowTestId="api-key-row"
              rowAttributes={(k) => ({ 'data-name': k.name, 'data-state': keyState(k) })}
              columns={[
                { header: t('integrations.keys.col.name'), rowHeader: true, cell: (k) => k.name },
                { header: t('integrations.keys.col.prefix'), cell: (k) => <code data-testid="api-key-prefix">{k.prefix}…</code> },
                { header: t('integrations.keys.col.scopes'), cell: (k) => <span data-testid="api-key-scopes">{formatList(k.scopes.map(scopeName))}</span> },
                { header: t('integrations.keys.col.expires'), cell: (k) => formatDateTime(k.expiresAt) },
                { header: t('integrations.keys.col.lastUsed'), cell: (k) => (k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t('integrations.keys.neverUsed')) },
                {
                  header: t('integrations.keys.col.state'),
                  cell: (k) => (
                    <span class={STATE_BADGE[keyState(k)]} data-testid="api-key-state">
                      {t(`integrations.keys.state.${keyState(k)}`)}
                    </span>
                  ),
                },
                {
                  header: t('integrations.keys.col.actions'),
                  hideHeader: true,
                  cell: (k) => (
                    <Show when={keyState(k) === 'active'}>
                      <button
                        type="button"
                        class="button button-danger button-small"
                        data-testid="api-key-revoke"
                        onClick={() => {
                          revoke.setError(undefined);
                          setRevoking(k);
                          focusSafeButton('api-key-revoke-dialog');
                        }}
                      >
                        {t('integrations.keys.revoke')}
                      </button>
                    </Show>
                  ),
                },
              ]}
            />
          )}
        </Match>
      </Switch>

      <Show when={created()}>
        {(c) => <SecretOnce intro={t('integrations.keys.created', { name: c().name })} secret={c().token} onDismiss={() => setCreated(undefined)} testId="api-key-secret" />}
      </Show>

      <h3 class="section">{t('integrations.keys.create.title')}</h3>
      <Show when={error()}>{(message) => <ErrorNotice message={message()} testId="api-key-create-error" />}</Show>
      <form class="card card-form" data-testid="api-key-form" novalidate onSubmit={(e) => void onCreate(e)}>
        <Field for="api-key-name" label={t('integrations.keys.create.name')} hint={t('integrations.keys.create.nameHint')} error={fieldErrors().name} testId="api-key-name">
          <input id="api-key-name" data-testid="api-key-name" autocomplete="off" maxLength={80} value={name()} onInput={(e) => setName(e.currentTarget.value)} {...fieldAria('api-key-name', fieldErrors().name, true)} />
        </Field>
        <fieldset class="integrations-choices" aria-describedby={scopeError() ? 'api-key-scopes-error' : undefined}>
          <legend>{t('integrations.keys.create.scopes')}</legend>
          <For each={API_KEY_SCOPES}>
            {(scope) => (
              <label class="integrations-choice">
                <input type="checkbox" value={scope} checked={scopes().has(scope)} data-testid={`api-key-scope-${scope}`} onChange={(e) => toggle(scope, e.currentTarget.checked)} />{' '}
                {t(`integrations.scope.${scope}`)}
              </label>
            )}
          </For>
          <Show when={scopeError()}>
            {(message) => (
              <p class="field-error" id="api-key-scopes-error" data-testid="api-key-scopes-error">
                {message()}
              </p>
            )}
          </Show>
        </fieldset>
        <Field for="api-key-days" label={t('integrations.keys.create.expires')} hint={t('integrations.keys.create.expiresHint')} error={fieldErrors().expiresInDays} testId="api-key-days">
          <input id="api-key-days" data-testid="api-key-days" type="number" inputmode="numeric" min="1" max="730" value={days()} onInput={(e) => setDays(e.currentTarget.value)} {...fieldAria('api-key-days', fieldErrors().expiresInDays, true)} />
        </Field>
        <OtherFieldErrors fields={fieldErrors()} shown={['name', 'expiresInDays', 'scopes', ...Object.keys(fieldErrors()).filter((k) => k.startsWith('scopes.'))]} />
        <div class="form-actions">
          <button type="submit" class="button button-primary" data-testid="api-key-submit" disabled={create.busy()}>
            {t('integrations.keys.create.submit')}
          </button>
        </div>
      </form>

      <ConfirmDialog
        open={!!revoking()}
        title={t('integrations.keys.revokeTitle', { name: revoking()?.name ?? '' })}
        confirmLabel={t('integrations.keys.revoke')}
        danger
        busy={revoke.busy()}
        error={revoke.error()}
        onCancel={() => setRevoking(undefined)}
        onConfirm={() => void onRevoke()}
        testId="api-key-revoke-dialog"
      >
        <p>{t('integrations.keys.revokeBody')}</p>
      </ConfirmDialog>
    </section>
  );
}
