import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { inOneRoundTrip, withTenant, type CandidateIntakeRow, type Database } from '@lianxu/db';
import { recordNotice } from '../notifications/index';
import { checkPolicyCity, type PeopleActor, type PeopleTenant } from '../people/index';
import { addDays, canonicalJson, fenToYuan, FieldProblems, invalidField, isUuid, maskIdNumber, startOfShanghaiDay } from '../shared/index';
import { checkAnswers, checkOffer, hukouOfType, maskBankCard, type CheckedAnswers, type CheckedOffer } from './intake.checks';
import { candidateIdReused, intakeNotFound, wrongState } from './intake.errors';
import { linkPathOf, newToken, summaryOf, tokenHash, viewOf } from './intake.views';
import type { CandidateAnswers, CreatedIntake, IntakeCorrections, IntakeServiceDeps, IntakeState, IntakeSummary, IntakeView, OfferInput } from './intake.types';
import { createPublicIntake } from './intake.public';
import { sealAnswers } from './intake.sealed';

type Trx = Kysely<Database>;

/** How the link reaches the candidate: written to the SMS outbox, or shown to HR to copy. */
export type Delivery = 'sms' | 'copy';

/** The entity of the offer: the one given, or the only one registered in the city; a 400 on `cityCode`/`entityId` otherwise. */
async function entityFor(trx: Trx, tenantId: string, offer: Pick<CheckedOffer, 'cityCode' | 'entityInput'>): Promise<string> {
  const registered = await trx
    .selectFrom('entity_registrations')
    .select('entity_id')
    .where('tenant_id', '=', tenantId)
    .where('city_code', '=', offer.cityCode)
    .where('agency', '=', 'social_insurance')
    .execute();
  if (!registered.length) {
    throw invalidField('cityCode', `本公司没有在城市 ${offer.cityCode} 办理社保登记的用工主体`, `no employing entity of this company is registered for social insurance in city ${offer.cityCode}`);
  }
  if (offer.entityInput !== null) {
    if (!registered.some((r) => r.entity_id === offer.entityInput)) throw invalidField('entityId', '该用工主体未在此城市办理社保登记', 'this employing entity is not registered for social insurance in the city');
    return offer.entityInput;
  }
  if (registered.length > 1) throw invalidField('entityId', `此城市有 ${registered.length} 个用工主体，请选择一个`, `required: ${registered.length} employing entities are registered in this city`);
  return registered[0]!.entity_id;
}

function smsBody(tenantName: string, name: string, url: string, expiresAt: Date): string {
  const until = addDays(expiresAt.toISOString().slice(0, 10), 0);
  return `【${tenantName}】${name}，您好！请在 ${until} 前用手机填写入职登记表，以便入职当天为您办理社保：${url}`;
}

async function sendSms(trx: Trx, tenantId: string, row: Pick<CandidateIntakeRow, 'id' | 'name' | 'mobile' | 'expires_at'>, url: string, hash: Buffer): Promise<void> {
  const tenant = await trx.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirstOrThrow();
  await recordNotice(trx, {
    tenantId,
    dedupeKey: `intake-link:${row.id}:${hash.toString('hex').slice(0, 16)}`,
    channel: 'sms',
    recipientAddress: row.mobile,
    kind: 'intake_link',
    subject: '入职登记表',
    body: smsBody(tenant.name, row.name, url, row.expires_at),
  });
}

/**
 * Candidate intakes for HR and recruiting systems: an intake from an offer (with its link), pushes
 * idempotent by the recruiting system's candidate id, the list, HR's corrections and the confirmed
 * hire, which goes through the people module's hire use case (no retyping). The public form's
 * side is `publicIntake` (intake.public.ts).
 */
export function createIntakeService(deps: IntakeServiceDeps) {
  const { db, clock } = deps;
  const now = deps.now ?? (() => deps.clock.now());

  async function checkedOffer(input: Partial<OfferInput>): Promise<CheckedOffer> {
    const problems = new FieldProblems();
    const offer = checkOffer(problems, input, clock.today());
    await checkPolicyCity(deps.policyCities, problems, 'cityCode', offer.cityCode);
    problems.throwIfAny();
    return offer;
  }

  async function insertOffer(trx: Trx, tenant: PeopleTenant, actor: PeopleActor | null, offer: CheckedOffer, delivery: Delivery, baseUrl: string, external?: { id: string; hash: string }) {
    const entityId = await entityFor(trx, tenant.id, offer);
    const token = newToken();
    const hash = tokenHash(token);
    const row = await trx
      .insertInto('candidate_intakes')
      .values({
        tenant_id: tenant.id,
        token_hash: hash,
        expires_at: startOfShanghaiDay(addDays(clock.today(), offer.expiresInDays + 1)),
        external_id: external?.id ?? null,
        request_hash: external?.hash ?? null,
        entity_id: entityId,
        city_code: offer.cityCode,
        start_date: offer.startDate,
        monthly_wage_fen: offer.wageFen.toString(),
        name: offer.name,
        mobile: offer.mobile,
        created_by: actor?.id ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const linkPath = linkPathOf(tenant.slug, token);
    if (delivery === 'sms') await sendSms(trx, tenant.id, row, `${baseUrl}${linkPath}`, hash);
    return { intake: viewOf(row, now()), linkPath };
  }

  async function load(trx: Trx, tenantId: string, id: string, lock = false): Promise<CandidateIntakeRow> {
    if (!isUuid(id)) throw intakeNotFound();
    let q = trx.selectFrom('candidate_intakes').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
    if (lock) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) throw intakeNotFound();
    return row;
  }

  return {
    /** An intake from an offer; the link is in the answer only (and in the SMS when sent). */
    async create(tenant: PeopleTenant, actor: PeopleActor, input: Partial<OfferInput>, delivery: Delivery, baseUrl: string): Promise<CreatedIntake> {
      const offer = await checkedOffer(input);
      return withTenant(db, tenant.id, (trx) => insertOffer(trx, tenant, actor, offer, delivery, baseUrl), { actorId: actor.id });
    },

    /**
     * A recruiting system's push, idempotent by its candidate id: the same id and body answer the
     * intake again (200, `replayed`, no link: only its hash is kept; issue a new one with `reissue`),
     * another body with the same id is 409.
     */
    async push(tenant: PeopleTenant, actor: PeopleActor, candidateId: string, input: Partial<OfferInput>, delivery: Delivery, baseUrl: string): Promise<{ intake: IntakeView; linkPath: string | null; replayed: boolean }> {
      if (typeof candidateId !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(candidateId)) {
        throw invalidField('candidateId', '候选人编号应为 1 至 128 个可见 ASCII 字符', 'must be 1 to 128 visible ASCII characters');
      }
      const offer = await checkedOffer(input);
      const hash = createHash('sha256').update(canonicalJson({ candidateId, delivery, offer: { ...input } })).digest('hex');
      return withTenant(
        db,
        tenant.id,
        async (trx) => {
          // Two pushes of one id at once queue here; the second then finds the first.
          const [, [prior]] = await inOneRoundTrip(trx, [
            trx.selectNoFrom((eb) => eb.fn<void>('pg_advisory_xact_lock', [eb.fn('hashtextextended', [eb.val(`lianxu-intake/${tenant.id}/${candidateId}`), eb.lit(0)])]).as('locked')),
            trx.selectFrom('candidate_intakes').selectAll().where('tenant_id', '=', tenant.id).where('external_id', '=', candidateId),
          ] as const);
          if (prior) {
            if (prior.request_hash !== hash) throw candidateIdReused();
            return { intake: viewOf(prior, now()), linkPath: null, replayed: true };
          }
          return { ...(await insertOffer(trx, tenant, actor, offer, delivery, baseUrl, { id: candidateId, hash })), replayed: false };
        },
        { actorId: actor.id },
      );
    },

    async list(tenant: PeopleTenant, query: { state?: IntakeState } = {}): Promise<IntakeSummary[]> {
      const rows = await withTenant(db, tenant.id, (trx) =>
        trx.selectFrom('candidate_intakes').selectAll().where('tenant_id', '=', tenant.id).orderBy('created_at', 'desc').orderBy('id').limit(500).execute(),
      );
      const at = now();
      const items = rows.map((r) => summaryOf(r, at));
      return query.state ? items.filter((i) => i.state === query.state) : items;
    },

    async get(tenant: PeopleTenant, id: string): Promise<IntakeView> {
      return viewOf(await withTenant(db, tenant.id, (trx) => load(trx, tenant.id, id)), now());
    },

    /** A new link for an intake not yet submitted (the old one stops working), sent or to copy. */
    async reissue(tenant: PeopleTenant, actor: PeopleActor, id: string, delivery: Delivery, baseUrl: string): Promise<CreatedIntake> {
      return withTenant(
        db,
        tenant.id,
        async (trx) => {
          const row = await load(trx, tenant.id, id, true);
          if (row.state !== 'sent') throw wrongState('候选人已提交，不能再发送链接', 'The candidate has already submitted; no new link can be sent');
          const token = newToken();
          const hash = tokenHash(token);
          const updated = await trx
            .updateTable('candidate_intakes')
            .set({ token_hash: hash, expires_at: startOfShanghaiDay(addDays(clock.today(), 8)), updated_at: new Date() })
            .where('tenant_id', '=', tenant.id)
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirstOrThrow();
          const linkPath = linkPathOf(tenant.slug, token);
          if (delivery === 'sms') await sendSms(trx, tenant.id, updated, `${baseUrl}${linkPath}`, hash);
          return { intake: viewOf(updated, now()), linkPath };
        },
        { actorId: actor.id },
      );
    },

    /** HR's corrections of a submitted intake: the whole form is checked again; nothing is written on a bad field. */
    async correct(tenant: PeopleTenant, actor: PeopleActor, id: string, input: IntakeCorrections): Promise<IntakeView> {
      return withTenant(
        db,
        tenant.id,
        async (trx) => {
          const row = await load(trx, tenant.id, id, true);
          if (row.state !== 'submitted') throw wrongState('只能修改已提交、尚未确认入职的登记', 'Only a submitted intake that is not yet confirmed can be corrected');
          const current: CandidateAnswers = {
            idType: row.id_type!,
            idNumber: await deps.vault.decrypt(trx, tenant.id, row.id_number_cipher!, row.id_number_key_id!),
            name: row.name,
            sex: row.sex!,
            birthDate: row.birth_date!,
            ethnicity: row.ethnicity!,
            hukouType: row.hukou_type!,
            hukouAddress: row.hukou_address!,
            mobile: row.mobile,
            education: row.education as CandidateAnswers['education'],
            maritalStatus: row.marital_status!,
            previousSiAccount: row.previous_si_account,
            previousHfAccount: row.previous_hf_account,
            firstInsured: row.first_insured!,
            lastPaidMonth: row.last_paid_month,
            bankName: row.bank_name!,
            bankCard: await deps.vault.decrypt(trx, tenant.id, row.bank_card_cipher!, row.bank_card_key_id!),
          };
          const problems = new FieldProblems();
          const today = clock.today();
          const offer = checkOffer(problems, {
            name: input.name ?? row.name,
            mobile: input.mobile ?? row.mobile,
            cityCode: row.city_code,
            entityId: row.entity_id,
            startDate: input.startDate ?? row.start_date,
            monthlyWage: input.monthlyWage ?? fenToYuan(row.monthly_wage_fen),
          }, today);
          const { startDate: _s, monthlyWage: _w, ...answers } = input;
          const checked = checkAnswers(problems, { ...current, ...answers }, today, offer.startDate);
          problems.throwIfAny();
          const updated = await trx
            .updateTable('candidate_intakes')
            .set({ ...(await sealAnswers(deps, trx, tenant.id, checked)), start_date: offer.startDate, monthly_wage_fen: offer.wageFen.toString(), updated_at: new Date() })
            .where('tenant_id', '=', tenant.id)
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirstOrThrow();
          return viewOf(updated, now());
        },
        { actorId: actor.id },
      );
    },

    /**
     * Confirms the hire for the start date: the employee is created by the people module's hire use
     * case from the intake as submitted (and corrected), so nothing is typed again; its enrollment
     * (增员) is filed on the start date (held by the enrollment workflow until then), or at once when
     * the start date has come. The hire is keyed by the intake, so a retry after
     * a failure between the hire and the intake's update hires once.
     */
    async confirm(tenant: PeopleTenant, actor: PeopleActor, id: string): Promise<IntakeView> {
      const row = await withTenant(db, tenant.id, (trx) => load(trx, tenant.id, id));
      if (row.state === 'confirmed') return viewOf(row, now());
      if (row.state !== 'submitted') throw wrongState('候选人尚未提交入职登记表，不能确认入职', 'The candidate has not submitted the form yet, so the hire cannot be confirmed');
      const idNumber = await withTenant(db, tenant.id, (trx) => deps.vault.decrypt(trx, tenant.id, row.id_number_cipher!, row.id_number_key_id!));
      const hired = await deps.hire(
        tenant,
        actor,
        {
          entityId: row.entity_id,
          name: row.name,
          idNumber,
          mobile: row.mobile,
          hukou: hukouOfType(row.hukou_type!),
          workCity: row.city_code,
          hireDate: row.start_date,
          monthlyWage: fenToYuan(row.monthly_wage_fen),
        },
        `intake:${row.id}`,
      );
      const updated = await withTenant(
        db,
        tenant.id,
        (trx) =>
          trx
            .updateTable('candidate_intakes')
            .set({ state: 'confirmed', confirmed_at: new Date(), confirmed_by: actor.id, employee_id: hired.body.id, updated_at: new Date() })
            .where('tenant_id', '=', tenant.id)
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirstOrThrow(),
        { actorId: actor.id },
      );
      return viewOf(updated, now());
    },

    /** The public form's side (no session: the link's token is the credential). */
    publicIntake: createPublicIntake(deps),
  };
}
export type IntakeService = ReturnType<typeof createIntakeService>;
