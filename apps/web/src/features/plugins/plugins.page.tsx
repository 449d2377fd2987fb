import { createEffect, createSignal, For, Match, Show, Switch } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import { A } from '@solidjs/router';
import { ApiError, errorMessage } from '../../api';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Field } from '../../components/form-field';
import { Loading } from '../../components/status';
import { RoleNotice, useTenant } from '../tenant/tenant-layout';
import { usePageTitle } from '../../document-title';
import { formatDateTime, formatList, lang, t } from '../../i18n';
import { setPlugin, type PluginChange, type PluginItem } from './plugins.api';
import { pluginName, pluginWeb } from '../../plugin-kit/registry';
import { canAdministerTenant } from '../tenant/tenant-nav';

/**
 * `/t/:slug/plugins`: every installed plugin with its description, version, an enabled switch and
 * its options. Tenant admins change them (disabling asks first and keeps the data); a consultant
 * reads. The list is the tenant frame's own, so the nav follows a change at once.
 */
export function PluginsPage() {
  const tenant = useTenant();
  usePageTitle(() => t('plugins.title'));
  const readable = () => tenant.role() === 'tenant_admin' || tenant.role() === 'consultant';

  return (
    <section data-testid="plugins-page">
      <h1 data-testid="page-title">{t('plugins.title')}</h1>
      <p class="lead">{t('plugins.intro')}</p>
      <Show when={readable()} fallback={<RoleNotice />}>
        <Switch fallback={<Loading />}>
          <Match when={tenant.plugins()}>
            {(items) => (
              <Show when={items().length > 0} fallback={<p class="empty card">{t('plugins.none')}</p>}>
                <ul class="plugin-list">
                  {/* Keyed by id: a card keeps its notice and dialog when the API answers with the plugin anew. */}
                  <For each={items().map((p) => p.id)}>{(id) => <Show when={items().find((p) => p.id === id)}>{(item) => <PluginCard item={item()} />}</Show>}</For>
                </ul>
              </Show>
            )}
          </Match>
        </Switch>
      </Show>
    </section>
  );
}

function PluginCard(props: { item: PluginItem }) {
  const tenant = useTenant();
  const admin = () => canAdministerTenant(tenant.role());
  const item = () => props.item;
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const [fields, setFields] = createSignal<Readonly<Record<string, string>>>({});
  const [notice, setNotice] = createSignal<string>();
  const [confirming, setConfirming] = createSignal(false);
  // The options as edited; reset to the saved ones whenever the API answers with new ones.
  const [options, setOptions] = createSignal<Record<string, unknown>>({ ...props.item.options });
  createEffect(() => setOptions({ ...item().options }));

  async function change(next: PluginChange, done: string): Promise<boolean> {
    if (busy()) return false;
    setBusy(true);
    setError(undefined);
    setFields({});
    setNotice(undefined);
    try {
      const updated = await setPlugin(tenant.slug(), item().id, next);
      tenant.pluginChanged(updated);
      setNotice(done);
      return true;
    } catch (caught) {
      setError(errorMessage(caught));
      if (caught instanceof ApiError) setFields(caught.fields);
      return false;
    } finally {
      setBusy(false);
    }
  }

  function onSwitch(event: Event & { currentTarget: HTMLInputElement }): void {
    const wanted = event.currentTarget.checked;
    // The switch shows the saved state until the API has answered.
    event.currentTarget.checked = item().enabled;
    if (wanted) void change({ enabled: true, options: options() }, t('plugins.enabledNotice'));
    else setConfirming(true);
  }

  const web = () => pluginWeb(item().id);
  const hasOptions = () => !!web()?.optionsForm || Object.keys(item().options).length > 0;
  const headingId = () => `plugin-${item().id}-name`;

  return (
    <li class="card plugin-card" data-testid="plugin-card" data-plugin-id={item().id} data-enabled={String(item().enabled)} aria-labelledby={headingId()}>
      <div class="plugin-head">
        <div>
          <h2 id={headingId()} class="plugin-name" data-testid="plugin-name">
            {pluginName(item().id)}
          </h2>
          <p class="muted">
            <code>{item().id}</code> · <span data-testid="plugin-version">{t('plugins.version', { version: item().version })}</span>
          </p>
        </div>
        <label class="switch">
          <input
            type="checkbox"
            role="switch"
            data-testid="plugin-switch"
            checked={item().enabled}
            disabled={!admin() || busy()}
            aria-describedby={`plugin-${item().id}-description`}
            onChange={onSwitch}
          />
          <span data-testid="plugin-state">{item().enabled ? t('plugins.on') : t('plugins.off')}</span>
        </label>
      </div>
      <p id={`plugin-${item().id}-description`} data-testid="plugin-description">
        {item().description[lang()] || item().description['zh-CN']}
      </p>
      <Show when={item().requires.length > 0}>
        <p class="hint">{t('plugins.requires', { list: formatList(item().requires.map(pluginName)) })}</p>
      </Show>
      <Show when={item().customFieldPresets.length > 0}>
        <p class="hint">
          {t('plugins.presets', { list: formatList(item().customFieldPresets.map((p) => p.label[lang()] || p.label['zh-CN'])) })}{' '}
          <Show when={item().enabled}>
            <A href={`/t/${encodeURIComponent(tenant.slug())}/custom-fields`}>{t('plugins.presetsLink')}</A>
          </Show>
        </p>
      </Show>
      <Show when={item().updatedAt}>{(at) => <p class="hint">{t('plugins.updatedAt', { at: formatDateTime(at()) })}</p>}</Show>

      <Show when={hasOptions()}>
        <form
          class="plugin-options"
          data-testid="plugin-options"
          novalidate
          onSubmit={(event) => {
            event.preventDefault();
            void change({ enabled: item().enabled, options: options() }, t('plugins.optionsSaved'));
          }}
        >
          <h3>{t('plugins.options')}</h3>
          <Show
            when={web()?.optionsForm}
            fallback={<JsonOptions options={options()} onChange={setOptions} disabled={!admin() || busy()} error={fields()['options']} id={item().id} />}
          >
            {(form) => (
              <Dynamic component={form()} options={options()} onChange={setOptions} disabled={!admin() || busy()} fieldError={(name: string) => fields()[`options.${name}`]} />
            )}
          </Show>
          <Show when={admin()}>
            <div class="form-actions">
              <button type="submit" class="button button-secondary" data-testid="plugin-options-save" disabled={busy()}>
                {t('plugins.saveOptions')}
              </button>
            </div>
          </Show>
        </form>
      </Show>

      <Show when={error()}>
        {(message) => (
          <div class="notice notice-error" role="alert" data-testid="plugin-error">
            <p class="notice-message">{message()}</p>
          </div>
        )}
      </Show>
      <Show when={notice()}>
        {(message) => (
          <p class="notice notice-success" role="status" data-testid="plugin-notice">
            {message()}
          </p>
        )}
      </Show>

      <ConfirmDialog
        open={confirming()}
        title={t('plugins.disableTitle', { name: pluginName(item().id) })}
        confirmLabel={t('plugins.disableConfirm')}
        danger
        busy={busy()}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          void change({ enabled: false }, t('plugins.disabledNotice')).then(() => setConfirming(false));
        }}
        testId="plugin-disable-dialog"
      >
        <p>{t('plugins.disableBody')}</p>
      </ConfirmDialog>
    </li>
  );
}

/** Options of a plugin the web app has no form for, as JSON. */
function JsonOptions(props: { options: Record<string, unknown>; onChange: (o: Record<string, unknown>) => void; disabled: boolean; error: string | undefined; id: string }) {
  const [text, setText] = createSignal(JSON.stringify(props.options, null, 2));
  const [invalid, setInvalid] = createSignal(false);
  const id = () => `plugin-${props.id}-options`;
  return (
    <Field for={id()} label={t('plugins.optionsJson')} error={invalid() ? t('plugins.optionsJsonInvalid') : props.error} testId="plugin-options-json">
      <textarea
        id={id()}
        class="input-json"
        rows={4}
        data-testid="plugin-options-json"
        disabled={props.disabled}
        value={text()}
        onInput={(event) => {
          setText(event.currentTarget.value);
          try {
            const parsed: unknown = JSON.parse(event.currentTarget.value || '{}');
            const ok = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
            setInvalid(!ok);
            if (ok) props.onChange(parsed as Record<string, unknown>);
          } catch {
            setInvalid(true);
          }
        }}
      />
    </Field>
  );
}
