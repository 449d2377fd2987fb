import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import type { PolicyLibrary } from '@lianxu/policy';
import type { RiskScanOutcome } from '@lianxu/workflows';
import type { ExtensionRegistry } from '../plugins/index';
import { createRiskPolicy } from './risk.policy';
import { loadFactsPage, FACTS_PAGE_SIZE } from './risk-scan.facts';
import { attachContributionFacts, loadContributionRows } from './risk-contribution.facts';
import type { EmployeeRiskFacts } from './rules/risk-rule.types';
import { resolveUnseen, upsertFindings, type StoredDraft } from './risk-findings.store';
import { pluginDrafts } from './risk-plugin-findings';
import { readRiskSettings } from './risk-settings.service';
import { evaluateCoreRules } from './rules/index';

export const CORE_SOURCE = 'core';
/** Employees evaluated between two yields to I/O while a page's rules run. */
const RULES_SLICE = 500;
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));
/** A promise awaited later: its rejection is not reported as unhandled in the meantime (the await still throws). */
function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** What one scan stored: the risk scan workflow's outcome (its contract in @lianxu/workflows). */
export type StoredScanResult = RiskScanOutcome;

export interface RiskScannerDeps {
  db: Kysely<Database>;
  /** The policy library, or how to get the current one (consultants' revisions included). */
  library: PolicyLibrary | (() => PolicyLibrary | Promise<PolicyLibrary>);
  extensions?: Pick<ExtensionRegistry, 'riskRules'> | null;
  pageSize?: number;
  /** Called after each page (the bench prints memory from it). */
  onPage?: (scanned: number) => void;
  /** When given, the scan adds the milliseconds of its phases to it (the bench prints them). */
  timings?: ScanTimings;
}

/**
 * Where a scan's time went, in milliseconds (wall clock, summed over the pages). Reads and writes
 * overlap the rules, so these are the waits for them, not their whole duration.
 */
export interface ScanTimings {
  /** Waiting for the facts (the four range queries of a page). */
  loadMs: number;
  /** The rules in memory (with the I/O handled while they yield). */
  rulesMs: number;
  /** Waiting for the findings' upserts, then resolving the ones not seen again. */
  storeMs: number;
}

/**
 * The stored risk scan of one tenant as of `today`: core's rules over every employee, page by page
 * (four range queries a page, pipelined with the rules and the writes), and the enabled plugins' riskRules; every finding upserted and the
 * findings not seen again resolved, all in one transaction. Running it twice the same day changes
 * nothing but `last_seen_at`.
 *
 * @example
 * const scanner = createRiskScanner({ db, library: getDefaultPolicyLibrary(), extensions });
 * await scanner.scan(tenantId, '2026-03-10');
 */
export function createRiskScanner(deps: RiskScannerDeps) {
  return {
    async scan(tenantId: string, today: string): Promise<StoredScanResult> {
      if (!DATE.test(today)) throw new TypeError('scan: today must be YYYY-MM-DD');
      const scanId = randomUUID();
      // Plugin rules first, outside the scan's transaction: each runs in its own withTenant.
      const answered: string[] = [];
      const fromPlugins = deps.extensions ? await deps.extensions.riskRules(tenantId, { today }, answered) : [];
      const fromPluginDrafts = pluginDrafts(fromPlugins, today);
      const policy = createRiskPolicy(typeof deps.library === 'function' ? await deps.library() : deps.library);
      return withTenant(deps.db, tenantId, async (trx) => {
        const settings = await readRiskSettings(trx, tenantId);
        // The tenant's cut-off day per city: the due date of a month's contributions (the close's convention).
        const cities = await trx.selectFrom('tenant_cities').select(['city_code', 'cutoff_day']).where('tenant_id', '=', tenantId).execute();
        const cutoffDays = Object.fromEntries(cities.map((c) => [c.city_code, c.cutoff_day]));
        const ctx = { today, settings, policy, cutoffDays };
        let employees = 0;
        let seen = 0;
        let created = 0;
        let after: string | null = null;
        const tm = deps.timings;
        let t = performance.now();
        const lap = (phase: keyof ScanTimings) => {
          if (!tm) return;
          const now = performance.now();
          tm[phase] += now - t;
          t = now;
        };
        // Pipelined: the next page's facts are asked for before this page's rules run, and this
        // page's findings are written while the next page's rules run; the rules yield to I/O every
        // RULES_SLICE employees so the queries go out and their rows come in meanwhile. At most one
        // page read and one page write are in flight, so memory stays that of about two pages.
        const size = deps.pageSize ?? FACTS_PAGE_SIZE;
        // A page is the employees' facts with their close data (bills, open differences) attached.
        // The close's rows go out with the page's range queries (two round trips a page, not three).
        const loadPage = (after: string | null) =>
          loadFactsPage(trx, tenantId, after, size, async (lo, hi) => {
            const rows = await loadContributionRows(trx, tenantId, lo, hi);
            return (p) => attachContributionFacts(p, rows);
          });
        let next: Promise<EmployeeRiskFacts[]> | null = quiet(loadPage(null));
        let writing: Promise<number> | null = null;
        while (next) {
          const page: EmployeeRiskFacts[] = await next;
          lap('loadMs');
          if (page.length === 0) break;
          next = page.length < size ? null : quiet(loadPage(page[page.length - 1]!.employeeId));
          const drafts: StoredDraft[] = [];
          for (let i = 0; i < page.length; i++) {
            if (i > 0 && i % RULES_SLICE === 0) await yieldToIo();
            const facts = page[i]!;
            for (const d of evaluateCoreRules(facts, ctx)) drafts.push({ ...d, employeeId: facts.employeeId, source: CORE_SOURCE });
          }
          lap('rulesMs');
          if (writing) created += await writing;
          lap('storeMs');
          writing = quiet(upsertFindings(trx, tenantId, scanId, drafts));
          seen += drafts.length;
          employees += page.length;
          deps.onPage?.(employees);
        }
        if (writing) created += await writing;
        if (next) await next;
        lap('storeMs');
        // A plugin naming an employee this tenant does not have is not stored (the key would not hold).
        const ids = [...new Set(fromPluginDrafts.map((d) => d.employeeId))];
        const known = ids.length ? new Set((await trx.selectFrom('employees').select('id').where('tenant_id', '=', tenantId).where('id', 'in', ids).execute()).map((r) => r.id)) : new Set<string>();
        const validPlugin = fromPluginDrafts.filter((d) => known.has(d.employeeId));
        created += await upsertFindings(trx, tenantId, scanId, validPlugin);
        seen += validPlugin.length;
        const resolved = await resolveUnseen(trx, tenantId, scanId, [CORE_SOURCE, ...answered.map((id) => `plugin:${id}`)]);
        lap('storeMs');
        return { scanId, tenantId, today, employees, seen, created, resolved, plugins: answered };
      });
    },
  };
}
export type RiskScanner = ReturnType<typeof createRiskScanner>;
