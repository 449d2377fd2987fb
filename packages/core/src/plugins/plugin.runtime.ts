import type { PluginHost } from '@lianxu/plugin-sdk';
import { extensionRegistryFor, type ExtensionRegistry } from './extension.registry';
import { createPluginFailureRecorder } from './plugin.failures';
import { createPluginHost, type PluginHostDeps } from './plugin.host';
import type { PluginSet } from './plugin.loader';
import { createPluginService, type PluginService } from './plugin.service';

export interface PluginRuntimeDeps extends PluginHostDeps {
  /** The installed plugins (`discoverPlugins()`), or the promise of them. */
  plugins: PluginSet | Promise<PluginSet>;
}

/** Everything plugins need at run time in one process: the set, core's services for them, enablement and the extension points. */
export interface PluginRuntime {
  ready(): Promise<PluginSet>;
  host: PluginHost;
  service: PluginService;
  extensions: ExtensionRegistry;
}

/**
 * Wires plugins into one process (API, worker or a test). Build it once in the composition root;
 * there is no global registry.
 *
 * @example
 * const plugins = await discoverPlugins(); // throws PluginLoadError naming the folder: refuse to start
 * const runtime = createPluginRuntime({ db, plugins, clock, people });
 * await runtime.extensions.contributionBase(tenantId, { employeeId, month: '2025-07', wageFen: 800000 });
 */
export function createPluginRuntime(deps: PluginRuntimeDeps): PluginRuntime {
  const service = createPluginService({ db: deps.db, plugins: deps.plugins });
  const host = createPluginHost(deps);
  const onFailure = createPluginFailureRecorder({ db: deps.db, clock: host.clock, logger: host.logger });
  return { ready: service.ready, host, service, extensions: extensionRegistryFor({ service, host, onFailure }) };
}

/**
 * The extension points alone, for a process that only needs them (the worker's enrollment
 * activity): `contributionBase(tenantId, { employeeId, month, wageFen, cityCode?, reason? })`
 * resolves to the wage in fen after the handlers of the plugins enabled for that tenant.
 */
export function createExtensionRegistry(deps: PluginRuntimeDeps): ExtensionRegistry {
  return createPluginRuntime(deps).extensions;
}

/**
 * The activities plugins contribute, for the worker: each plugin's `activities(host)`, registered
 * as `<plugin id>.<name>` so two plugins never collide and a workflow names whose activity it runs.
 *
 * @example
 * const activities = { ...coreActivities, ...pluginActivities(runtime.host, plugins) };
 */
export function pluginActivities(host: PluginHost, plugins: PluginSet): Record<string, (...args: any[]) => Promise<unknown>> {
  const all: Record<string, (...args: any[]) => Promise<unknown>> = {};
  for (const plugin of plugins.list) {
    const made = plugin.definition.activities?.(host) ?? {};
    for (const [name, fn] of Object.entries(made)) all[`${plugin.id}.${name}`] = fn;
  }
  return all;
}
