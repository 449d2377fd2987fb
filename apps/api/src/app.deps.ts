import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { BusinessClock, Database } from '@lianxu/db';
import type { TenancyService } from '@lianxu/core';

/** Everything the API needs from outside; server.ts builds it, tests build their own. */
export interface AppDeps {
  db: Kysely<Database>;
  temporal: { ping(): Promise<void> };
  tenancy: TenancyService;
  logger: Logger;
  clock: BusinessClock;
  /** Built web app to serve at `/`; absent in API-only tests. */
  webDistDir?: string;
  /** Largest accepted request body, bytes. */
  bodyLimitBytes?: number;
}
