import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIntakeService, createPersonalDataVault, createPolicyLibraryService, policyCitiesFrom, type IntakeService } from '@lianxu/core';
import { withTenant } from '@lianxu/db';
import { PEOPLE_API_TODAY, peopleApiFixture, TEST_MASTER_KEY } from '@lianxu/testing';

// The intake service on the real PostgreSQL: tokens stored only as hashes, single use, expiry,
// answers sealed, the gap answered at submission, the hire confirmed through the people module,
// and tenant B's rows out of reach of tenant A (row-level security).
const people = peopleApiFixture();
const { db, deps, slugA, slugB, newIdNumber } = people;
const tenantA = () => ({ id: people.tenants.A, slug: slugA });
const tenantB = () => ({ id: people.tenants.B, slug: slugB });
let intake: IntakeService;
let actorA = { id: '' };

const offer = (o: Record<string, unknown> = {}) => ({ name: '王芳', mobile: '13912345678', cityCode: '310100', startDate: '2026-03-16', monthlyWage: '5000', ...o });

/** Answers matching an ID number: birth date and sex read from it. */
function answers(idNumber: string, o: Record<string, unknown> = {}) {
  return {
    idType: 'resident_id',
    idNumber,
    name: '王芳',
    sex: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female',
    birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
    ethnicity: '汉族',
    hukouType: 'non-local-urban',
    hukouAddress: '江苏省南京市玄武区中山路 1 号',
    mobile: '13912345678',
    education: 'bachelor',
    maritalStatus: 'single',
    previousSiAccount: '3101150001',
    firstInsured: false,
    lastPaidMonth: '2025-12',
    bankName: '招商银行',
    bankCard: '6225880112345678',
    ...o,
  };
}

const tokenOf = (linkPath: string) => linkPath.split('/').pop()!;

beforeAll(async () => {
  const vault = createPersonalDataVault(TEST_MASTER_KEY);
  intake = createIntakeService({ db, vault, clock: deps.deps.clock, policyCities: policyCitiesFrom(createPolicyLibraryService({ db })), hire: deps.deps.people.hire });
  const hr = await db.selectFrom('users').select('id').where('email', '=', `hr@${slugA}.test`).executeTakeFirstOrThrow();
  actorA = { id: hr.id };
});

describe('intake service', () => {
  it('stores only the hash of the token, answers the gap at submission, and confirms the hire without retyping', async () => {
    const created = await intake.create(tenantA(), actorA, offer(), 'sms', 'https://lianxu.example');
    expect(created.linkPath).toMatch(new RegExp(`^/intake/${slugA}/[A-Za-z0-9_-]{43}$`));
    const token = tokenOf(created.linkPath);
    const row = await withTenant(db, tenantA().id, (trx) => trx.selectFrom('candidate_intakes').selectAll().where('tenant_id', '=', tenantA().id).where('id', '=', created.intake.id).executeTakeFirstOrThrow());
    expect(row.token_hash.toString('latin1')).not.toContain(token);
    expect(row.state).toBe('sent');
    const sms = await withTenant(db, tenantA().id, (trx) => trx.selectFrom('notifications').selectAll().where('tenant_id', '=', tenantA().id).where('kind', '=', 'intake_link').execute());
    expect(sms.some((n) => n.body.includes(`https://lianxu.example${created.linkPath}`) && n.recipient_address === '13912345678')).toBe(true);

    const context = await intake.publicIntake.context(slugA, token);
    expect(context).toMatchObject({ entityName: '甲公司', cityCode: '310100', startDate: '2026-03-16', name: '王芳', mobileMasked: '139****5678' });

    const idNumber = newIdNumber();
    const submitted = await intake.publicIntake.submit(slugA, token, answers(idNumber));
    // Paid through December, starting in March: January and February uncovered.
    expect(submitted.gap).toMatchObject({ gapMonths: 2, gapFrom: '2026-01', gapTo: '2026-02', costUnavailable: false, pensionEmployeeRate: '0.08' });
    expect(Number(submitted.gap.pensionShortfall)).toBeGreaterThan(0);
    const sealed = await withTenant(db, tenantA().id, (trx) => trx.selectFrom('candidate_intakes').selectAll().where('tenant_id', '=', tenantA().id).where('id', '=', created.intake.id).executeTakeFirstOrThrow());
    expect(sealed.id_number_cipher!.toString('latin1')).not.toContain(idNumber);
    expect(sealed.bank_card_cipher!.toString('latin1')).not.toContain('6225880112345678');
    expect(sealed.id_number_masked).toBe(`${idNumber.slice(0, 3)}***********${idNumber.slice(-4)}`);

    // Single use: the link neither opens nor submits again, and shows nothing back.
    await expect(intake.publicIntake.context(slugA, token)).rejects.toMatchObject({ status: 410, code: 'intake_link_used' });
    await expect(intake.publicIntake.submit(slugA, token, answers(newIdNumber()))).rejects.toMatchObject({ status: 410 });

    const view = await intake.confirm(tenantA(), actorA, created.intake.id);
    expect(view.state).toBe('confirmed');
    const employee = await deps.deps.people.get(tenantA(), view.employeeId!);
    expect(employee).toMatchObject({ name: '王芳', hireDate: '2026-03-16', workCity: '310100', hukou: 'non-local', monthlyWage: '5000.00' });
    expect(employee.enrollment).toMatchObject({ month: '2026-03', cityCode: '310100' });
    // Confirming again hires nobody twice.
    expect((await intake.confirm(tenantA(), actorA, created.intake.id)).employeeId).toBe(view.employeeId);
  });

  it('refuses an expired link (410) and a tampered one (404), writing nothing', async () => {
    const created = await intake.create(tenantA(), actorA, offer({ expiresInDays: 1 }), 'copy', '');
    const token = tokenOf(created.linkPath);
    const later = createIntakeService({
      db, vault: createPersonalDataVault(TEST_MASTER_KEY), clock: deps.deps.clock, policyCities: policyCitiesFrom(createPolicyLibraryService({ db })), hire: deps.deps.people.hire,
      now: () => new Date(deps.deps.clock.now().getTime() + 40 * 86_400_000),
    });
    await expect(later.publicIntake.context(slugA, token)).rejects.toMatchObject({ status: 410, code: 'intake_link_expired' });
    await expect(later.publicIntake.submit(slugA, token, answers(newIdNumber()))).rejects.toMatchObject({ status: 410, code: 'intake_link_expired' });
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    await expect(intake.publicIntake.context(slugA, tampered)).rejects.toMatchObject({ status: 404 });
    // Another tenant's slug with this tenant's token finds nothing.
    await expect(intake.publicIntake.context(slugB, token)).rejects.toMatchObject({ status: 404 });
    const row = await withTenant(db, tenantA().id, (trx) => trx.selectFrom('candidate_intakes').selectAll().where('tenant_id', '=', tenantA().id).where('id', '=', created.intake.id).executeTakeFirstOrThrow());
    expect(row).toMatchObject({ state: 'sent', submitted_at: null, id_number_cipher: null });
  });

  it('names every bad field and writes nothing: malformed ID, impossible date, start date out of range, a city without an entity', async () => {
    const created = await intake.create(tenantA(), actorA, offer(), 'copy', '');
    const token = tokenOf(created.linkPath);
    const bad = answers(newIdNumber(), { idNumber: '110105194912310021', birthDate: '2026-02-30', lastPaidMonth: '2026-13' });
    await expect(intake.publicIntake.submit(slugA, token, bad)).rejects.toMatchObject({ status: 400, fields: { idNumber: expect.anything(), birthDate: expect.anything(), lastPaidMonth: expect.anything() } });
    expect((await intake.publicIntake.context(slugA, token)).name).toBe('王芳');

    await expect(intake.create(tenantA(), actorA, offer({ startDate: '2025-01-01' }), 'copy', '')).rejects.toMatchObject({ status: 400, fields: { startDate: expect.anything() } });
    await expect(intake.create(tenantA(), actorA, offer({ startDate: '2027-03-01' }), 'copy', '')).rejects.toMatchObject({ status: 400, fields: { startDate: expect.anything() } });
    await expect(intake.create(tenantA(), actorA, offer({ startDate: '2026-02-30' }), 'copy', '')).rejects.toMatchObject({ status: 400, fields: { startDate: expect.anything() } });
    // Beijing is in the policy library, but tenant A has no entity registered there.
    await expect(intake.create(tenantA(), actorA, offer({ cityCode: '110100' }), 'copy', '')).rejects.toMatchObject({ status: 400, fields: { cityCode: expect.anything() } });
    const before = await withTenant(db, tenantA().id, (trx) => sql<{ n: number }>`select count(*)::int as n from candidate_intakes where tenant_id = ${tenantA().id}`.execute(trx));
    await expect(intake.create(tenantA(), actorA, offer({ cityCode: '110100', mobile: '123' }), 'sms', '')).rejects.toMatchObject({ status: 400 });
    const after = await withTenant(db, tenantA().id, (trx) => sql<{ n: number }>`select count(*)::int as n from candidate_intakes where tenant_id = ${tenantA().id}`.execute(trx));
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('pushes idempotently by the candidate id: same id and body once, another body 409', async () => {
    const first = await intake.push(tenantA(), actorA, 'ats-42', offer(), 'copy', '');
    const again = await intake.push(tenantA(), actorA, 'ats-42', offer(), 'copy', '');
    expect(first.replayed).toBe(false);
    expect(again).toMatchObject({ replayed: true, linkPath: null });
    expect(again.intake.id).toBe(first.intake.id);
    await expect(intake.push(tenantA(), actorA, 'ats-42', offer({ monthlyWage: '6000' }), 'copy', '')).rejects.toMatchObject({ status: 409, code: 'candidate_id_reused' });
    // The same candidate id in tenant B is another candidate.
    const hrB = await db.selectFrom('users').select('id').where('email', '=', `hr@${slugB}.test`).executeTakeFirstOrThrow();
    const inB = await intake.push(tenantB(), { id: hrB.id }, 'ats-42', offer(), 'copy', '');
    expect(inB.intake.id).not.toBe(first.intake.id);
  });

  it("keeps each tenant's intakes to itself, at the database too", async () => {
    const a = await intake.create(tenantA(), actorA, offer(), 'copy', '');
    await expect(intake.get(tenantB(), a.intake.id)).rejects.toMatchObject({ status: 404 });
    expect((await intake.list(tenantB())).some((i) => i.id === a.intake.id)).toBe(false);
    const seen = await withTenant(db, tenantB().id, (trx) => trx.selectFrom('candidate_intakes').select('id').where('id', '=', a.intake.id).execute());
    expect(seen).toEqual([]);
    const changed = await withTenant(db, tenantB().id, (trx) => trx.updateTable('candidate_intakes').set({ name: 'x' }).where('id', '=', a.intake.id).executeTakeFirst());
    expect(Number(changed.numUpdatedRows)).toBe(0);
  });
});
