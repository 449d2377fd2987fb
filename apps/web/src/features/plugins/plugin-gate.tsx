import { Match, Switch, type JSX } from 'solid-js';
import { A } from '@solidjs/router';
import { t } from '../../i18n';
import { canAdministerTenant } from '../tenant/tenant-nav';
import { Loading } from '../../components/status';
import { useTenant } from '../tenant/tenant-layout';

/** A plugin's page: shown only while the tenant has the plugin enabled (its API answers 404 otherwise). */
export function PluginGate(props: { pluginId: string; children: JSX.Element }) {
  const tenant = useTenant();
  return (
    <Switch fallback={<Loading />}>
      <Match when={tenant.pluginEnabled(props.pluginId) === true}>{props.children}</Match>
      <Match when={tenant.pluginEnabled(props.pluginId) === false}>
        <section data-testid="plugin-disabled" data-plugin-id={props.pluginId}>
          <h1 data-testid="page-title">{t('plugins.notEnabledTitle')}</h1>
          <div class="notice notice-info">
            <p>{t('plugins.notEnabledBody')}</p>
            {canAdministerTenant(tenant.role()) ? (
              <p>
                <A href={`/t/${encodeURIComponent(tenant.slug())}/plugins`}>{t('plugins.goToPlugins')}</A>
              </p>
            ) : null}
          </div>
        </section>
      </Match>
    </Switch>
  );
}
