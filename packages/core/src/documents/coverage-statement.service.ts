import { createHash } from 'node:crypto';
import type { PolicyLibrary } from '@lianxu/policy';
import { withTenant, type BusinessClock, type Database } from '@lianxu/db';
import type { Kysely } from 'kysely';
import { renderCoverageStatementPdf } from './coverage-statement.pdf';
import { readStatementFacts } from './coverage-statement.data';
import type { DocumentLanguage } from './documents.types';
import { officialPortalFor } from './official-portals.data';
import { newVerificationCode, normalizeVerificationCode, verificationCodeHash } from './verification-code';

export interface StatementServiceDeps {
  db: Kysely<Database>;
  clock: BusinessClock;
  /** The effective policy library (shipped files plus revisions). */
  policies: { library(): Promise<PolicyLibrary> };
  /** Address of the public verification page printed on every statement. */
  verifyUrl: string;
}

export interface IssuedStatement {
  statementId: string;
  verificationCode: string;
  pdf: Uint8Array;
}

/** What the public check reveals: whether the code is genuine and, if so, the issue date. Nothing else. */
export interface StatementCheck {
  genuine: boolean;
  /** YYYY-MM-DD (Asia/Shanghai) when genuine, else null. */
  issuedOn: string | null;
}

/**
 * Issues and checks coverage statements (参保情况说明).
 *
 * @example
 * const statements = createStatementService({ db, clock, policies, verifyUrl: 'https://lianxu.example/verify' });
 * const { pdf, verificationCode } = await statements.issue(tenantId, actorId, employeeId, 'zh-CN');
 * await statements.verify(verificationCode); // { genuine: true, issuedOn: '2026-03-05' }
 */
export function createStatementService(deps: StatementServiceDeps) {
  return {
    /** Renders the statement of one employee and records it (with its code's hash); 404 for another tenant's employee. */
    async issue(tenantId: string, actorId: string | null, employeeId: string, lang: DocumentLanguage = 'zh-CN'): Promise<IssuedStatement> {
      const library = await deps.policies.library();
      const issuedAt = deps.clock.now();
      const issuedOn = deps.clock.today();
      const facts = await withTenant(deps.db, tenantId, (trx) => readStatementFacts(trx, library, tenantId, employeeId, issuedOn));
      const verificationCode = newVerificationCode();
      const pdf = await renderCoverageStatementPdf(
        {
          personName: facts.personName,
          idNumberMasked: facts.idNumberMasked,
          employer: facts.employer,
          issuedAt,
          verificationCode,
          verifyUrl: deps.verifyUrl,
          periods: facts.periods,
          months: facts.months,
          monthsCounted: facts.monthsCounted,
          monthsWithoutFigures: facts.monthsWithoutFigures,
          portals: facts.cityCodes.map(officialPortalFor),
        },
        lang,
      );
      const codeHash = verificationCodeHash(normalizeVerificationCode(verificationCode)!);
      const statementId = await withTenant(
        deps.db,
        tenantId,
        async (trx) => {
          const row = await trx
            .insertInto('coverage_statements')
            .values({
              tenant_id: tenantId,
              employee_id: employeeId,
              code_hash: codeHash,
              issued_at: issuedAt,
              issued_by: actorId,
              language: lang,
              months_counted: facts.monthsCounted,
              document_sha256: createHash('sha256').update(pdf).digest(),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await trx.insertInto('statement_verifications').values({ code_hash: codeHash, issued_on: issuedOn }).execute();
          return row.id;
        },
        { actorId },
      );
      return { statementId, verificationCode, pdf };
    },

    /** The public check: the same shape for a genuine code, an unknown one and one that cannot be a code. */
    async verify(typed: string): Promise<StatementCheck> {
      const canonical = normalizeVerificationCode(typed);
      if (!canonical) return { genuine: false, issuedOn: null };
      const row = await deps.db.selectFrom('statement_verifications').select('issued_on').where('code_hash', '=', verificationCodeHash(canonical)).executeTakeFirst();
      return row ? { genuine: true, issuedOn: row.issued_on } : { genuine: false, issuedOn: null };
    },
  };
}
export type StatementService = ReturnType<typeof createStatementService>;
