import { withTenant, type CandidateIntakeRow } from '@lianxu/db';
import { FieldProblems } from '../shared/index';
import { checkAnswers, type CheckedAnswers } from './intake.checks';
import { linkExpired, linkNotFound, linkUsed } from './intake.errors';
import { gapOf, isTokenShape, stateOf, tokenHash } from './intake.views';
import { sealAnswers } from './intake.sealed';
import type { CandidateAnswers, GapAssessment, IntakeFormContext, IntakeServiceDeps } from './intake.types';
import { maskMobile } from '../shared/index';

// The candidate's side: no account, the link's token is the only credential. A token that matches
// nothing (mistyped, tampered with, another company's) is 404; an expired or submitted link is 410.
// After submission nothing the candidate entered is ever shown back through the link.

/** The tenant of a link's slug, or a 404 that says nothing about whether the company exists. */
async function tenantOfSlug(deps: Pick<IntakeServiceDeps, 'db'>, slug: string) {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) throw linkNotFound();
  const tenant = await deps.db.selectFrom('tenants').select(['id', 'name', 'slug']).where('slug', '=', slug).executeTakeFirst();
  if (!tenant) throw linkNotFound();
  return tenant;
}

function usable(row: CandidateIntakeRow | undefined, now: Date): CandidateIntakeRow {
  if (!row) throw linkNotFound();
  const state = stateOf(row, now);
  if (state === 'expired') throw linkExpired();
  if (state !== 'sent') throw linkUsed();
  return row;
}

export function createPublicIntake(deps: IntakeServiceDeps) {
  const now = deps.now ?? (() => deps.clock.now());

  async function find(slug: string, token: string) {
    if (!isTokenShape(token)) throw linkNotFound();
    const tenant = await tenantOfSlug(deps, slug);
    const hash = tokenHash(token);
    return { tenant, hash };
  }

  return {
    /** What the form shows: the company, city and start date of the offer, the name and masked mobile. */
    async context(slug: string, token: string): Promise<IntakeFormContext> {
      const { tenant, hash } = await find(slug, token);
      return withTenant(deps.db, tenant.id, async (trx) => {
        const row = usable(await trx.selectFrom('candidate_intakes').selectAll().where('tenant_id', '=', tenant.id).where('token_hash', '=', hash).executeTakeFirst(), now());
        const [entity, city] = await Promise.all([
          trx.selectFrom('entities').select('name').where('tenant_id', '=', tenant.id).where('id', '=', row.entity_id).executeTakeFirstOrThrow(),
          trx.selectFrom('tenant_cities').select('city_name').where('tenant_id', '=', tenant.id).where('city_code', '=', row.city_code).executeTakeFirst(),
        ]);
        return {
          tenantName: tenant.name,
          entityName: entity.name,
          cityCode: row.city_code,
          cityName: city?.city_name ?? row.city_code,
          startDate: row.start_date,
          name: row.name,
          mobileMasked: maskMobile(row.mobile),
          expiresAt: row.expires_at.toISOString(),
        };
      });
    },

    /**
     * Submits the form once: every field checked (a 400 naming each bad one, nothing written), then
     * the answers stored (ID and bank card numbers sealed) and the link spent in one transaction.
     * Answers whether the start date leaves a gap after the previous employer and what it costs.
     */
    async submit(slug: string, token: string, input: Partial<Record<keyof CandidateAnswers, unknown>>): Promise<{ state: 'submitted'; gap: GapAssessment }> {
      const { tenant, hash } = await find(slug, token);
      const today = deps.clock.today();
      return withTenant(deps.db, tenant.id, async (trx) => {
        const row = usable(
          await trx.selectFrom('candidate_intakes').selectAll().where('tenant_id', '=', tenant.id).where('token_hash', '=', hash).forUpdate().executeTakeFirst(),
          now(),
        );
        const problems = new FieldProblems();
        const checked: CheckedAnswers = checkAnswers(problems, input, today, row.start_date);
        problems.throwIfAny();
        const updated = await trx
          .updateTable('candidate_intakes')
          .set({ ...(await sealAnswers(deps, trx, tenant.id, checked)), state: 'submitted', submitted_at: new Date(), updated_at: new Date() })
          .where('tenant_id', '=', tenant.id)
          .where('id', '=', row.id)
          .where('state', '=', 'sent')
          .returningAll()
          .executeTakeFirst();
        if (!updated) throw linkUsed();
        return { state: 'submitted' as const, gap: gapOf(updated)! };
      });
    },
  };
}
