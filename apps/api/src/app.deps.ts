import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { BusinessClock, Database } from '@lianxu/db';
import type { CloseBureauBillFetch, CloseService, PersonalDataVault, IntakeService, PeopleService, PluginRuntime, StatementService, TenancyService, WebhookService, RiskScanRunStatus, RiskScanTenant } from '@lianxu/core';
import type { AuthService } from '@lianxu/auth';
import type { PolicyLibrary } from '@lianxu/policy';
import type { BaseAdjustmentInput, DualRunInput, LoadMigrationInput, PromoteMigrationInput } from '@lianxu/workflows';
import type { CloseWorkflowControl } from './routes/close.routes';

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
  /** Requests per API key and minute (default 600); over it, 429 with Retry-After. */
  apiKeyRequestsPerMinute?: number;
  /** Candidate intakes: HR's links, recruiting systems' pushes and the public form. */
  intake: IntakeService;
  /** Public intake form requests per client address and minute (default 30). */
  intakeRequestsPerMinute?: number;
  /** Starts and follows on-demand risk scans (the riskScan workflow); without it POST /risk/scan answers 503. */
  riskScans?: {
    start(tenant: RiskScanTenant): Promise<{ workflowId: string; runId: string }>;
    run(tenant: RiskScanTenant, workflowId: string): Promise<RiskScanRunStatus>;
  };
  /** The monthly close (built from `db` when absent; give one with the vault to record bills by ID number). */
  close?: CloseService;
  /** Fetches an entity's bill from the bureau into the close (core importBureauBill bound to db, vault and the gateway); without it that route answers 503. */
  closeBureauBill?: CloseBureauBillFetch;
  /** Starts and signals the close workflow per entity, city and month; without it the close runs by hand only. */
  closeWorkflow?: CloseWorkflowControl;
  /** Coverage statements (default: one over `db` and the policy library). */
  statements?: StatementService;
  /** Public statement verifications per client address and minute (default 20). */
  statementVerificationsPerMinute?: number;
  /** Webhook endpoints (integrations); without it the webhook routes are not served. */
  webhooks?: WebhookService;
  /** Legacy-data migrations (upload, load, promotion); without it those routes answer 503. */
  migrations?: MigrationRouteDeps;
  /** Annual base adjustments (start the workflow, deliver HR's decision); without it those writes answer 503. */
  baseAdjustments?: BaseAdjustmentRouteDeps;
  /** The dual run's workflow (start, retirement) and the vault that seals the old system's URL; without it start and retire answer 503. */
  dualRun?: DualRunRouteDeps;
}

/** What the base-adjustment routes need beyond the database. */
export interface BaseAdjustmentRouteDeps {
  /** The current policy library (the new year's figures, consultants' revisions included). */
  library(): Promise<PolicyLibrary>;
  start(input: BaseAdjustmentInput): Promise<{ workflowId: string; started: boolean }>;
  /** Opens employees' ID numbers for the base-change filing sheet. */
  vault: PersonalDataVault;
  /** Signals the waiting workflow; false when it is not running. */
  decide(workflowId: string, decision: { kind: 'confirm'; actorId: string | null } | { kind: 'cancel'; actorId: string | null; reason: string }): Promise<boolean>;
}

/** What the dual-run routes need beyond the database. */
export interface DualRunRouteDeps {
  vault: PersonalDataVault;
  start(input: DualRunInput): Promise<{ workflowId: string; started: boolean }>;
  signalRetirement(tenantId: string, runId: string, userId: string): Promise<void>;
}

/** What the migration routes need beyond the database; without it they answer 503. */
export interface MigrationRouteDeps {
  /** Seals the run key on the run while the worker loads it (the tenant's data key). */
  vault: PersonalDataVault;
  /** Where uploaded packages are kept (encrypted as uploaded), one folder per tenant. */
  uploadDir: string;
  /** Largest package accepted, bytes (default 2 GiB). */
  maxPackageBytes?: number;
  startPromotion(input: PromoteMigrationInput): Promise<{ workflowId: string; started: boolean }>;
  /** Starts the run's load (loadMigrationWorkflow); the worker reads the package from `uploadDir`. */
  startLoad(input: LoadMigrationInput): Promise<{ workflowId: string; started: boolean }>;
}
