import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { BusinessClock, Database } from '@lianxu/db';
import type { PeopleService, PluginRuntime, TenancyService } from '@lianxu/core';
import type { AuthService } from '@lianxu/auth';

/** Everything the API needs from outside; server.ts builds it, tests build their own. */
export interface AppDeps {
  db: Kysely<Database>;
  temporal: { ping(): Promise<void> };
  tenancy: TenancyService;
  /** Employees, their events, filing tasks and inbox (the people module). */
  people: PeopleService;
  auth: AuthService;
  /** Installed plugins, their enablement per tenant and the extension points; without it no plugin is served. */
  plugins?: PluginRuntime;
  /** Origins allowed to send state-changing requests (the web app's own). */
  allowedOrigins: string[];
  /** Trust X-Forwarded-For for the client address (only behind a known proxy): one hop. */
  trustProxy?: boolean;
  /** How many proxies of ours stand in front (wins over `trustProxy`); the client address is taken that many X-Forwarded-For hops from the right. */
  trustedProxyHops?: number;
  /** Public tenant-file validations per client address and minute (default 30). */
  tenantFileValidationsPerMinute?: number;
  logger: Logger;
  clock: BusinessClock;
  /** Built web app to serve at `/`; absent in API-only tests. */
  webDistDir?: string;
  /** How long an "up" health probe is reused (default 1000 ms; tests use 0). */
  healthCacheMs?: number;
  /** A request that holds the event loop this long is logged with its route (default 200 ms). */
  eventLoopStallMs?: number;
  /** Largest accepted request body, bytes. */
  bodyLimitBytes?: number;
  /** Where tenants/<slug>/tenant.yaml live, for the consultant console's drift (default: the repository's tenants/). */
  tenantFilesDir?: string;
  /** Whether tenant files' demo sections count in the console's drift (default: NODE_ENV is not production, as the CLI). */
  demoMode?: boolean;
}
