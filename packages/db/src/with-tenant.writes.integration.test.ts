import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { pgCode, singleConnectionProbe } from '@lianxu/testing';
import { withTenant } from './with-tenant';

// withTenant on the real database: writes commit or roll back whole, carry the actor, and never
// cross tenants.
// `one` is a pool of a single connection, so every test sees what the previous withTenant left on it
// (settings, transaction state, prepared statements); `db` is a second pool for fixtures and for a
// concurrent session (see singleConnectionProbe in @lianxu/testing).
const probe = singleConnectionProbe();
const { one, db, expectClean, cityCodes } = probe;
let A: string;
let B: string;
beforeAll(() => {
  ({ A, B } = probe.tenants);
});

describe('writes', () => {
  it('an insert and a read in the same work see each other, and the insert is committed', async () => {
    const seen = await withTenant(one, A, async (trx) => {
      await trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: '110100', city_name: '北京' }).execute();
      return trx.selectFrom('tenant_cities').select('city_code').where('city_code', '=', '110100').execute();
    });
    expect(seen).toEqual([{ city_code: '110100' }]);
    expect(await cityCodes(A)).toContain('110100');
    await expectClean();
  });

  it('an error after a write rolls the write back and leaves the connection usable', async () => {
    // Thrown by the work itself.
    await expect(
      withTenant(one, A, async (trx) => {
        await trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: '120100', city_name: '天津' }).execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expectClean();
    // Raised by the database on the second statement (duplicate key).
    expect(
      await pgCode(
        withTenant(one, A, async (trx) => {
          await trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: '130100', city_name: "石家庄's" }).execute();
          await trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: '310100', city_name: 'dup' }).execute();
        }),
      ),
    ).toBe('23505');
    await expectClean();
    // Raised in the very first message (begin; settings; insert): a check constraint.
    expect(await pgCode(withTenant(one, A, (trx) => trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: 'abc', city_name: 'x' }).execute()))).toBe('23514');
    await expectClean();

    const codes = await cityCodes(A);
    expect(codes).not.toContain('120100');
    expect(codes).not.toContain('130100');
    // No "current transaction is aborted": the next work reads and writes.
    await withTenant(one, A, async (trx) => {
      expect(await trx.selectFrom('tenant_cities').select('city_code').where('city_code', '=', '310100').execute()).toEqual([{ city_code: '310100' }]);
      await trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: '120200', city_name: '滨海' }).execute();
    });
    expect(await cityCodes(A)).toContain('120200');
  });

  it('a plain read, then a write in the same work: both run, the write is committed with the actor', async () => {
    const actorId = randomUUID();
    const [before, after] = await withTenant(
      one,
      A,
      async (trx) => {
        const before = await trx.selectFrom('tenant_cities').select('city_code').where('city_code', '=', '140100').execute();
        await trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: '140100', city_name: '太原' }).execute();
        const after = await trx.selectFrom('tenant_cities').select('city_code').where('city_code', '=', '140100').execute();
        return [before, after];
      },
      { actorId },
    );
    expect(before).toEqual([]);
    expect(after).toEqual([{ city_code: '140100' }]);
    expect(await cityCodes(A)).toContain('140100');
    // The write's transaction carried the actor for the audit trigger (and the read did not leave it behind).
    const audit = await withTenant(db, A, (trx) =>
      trx.selectFrom('audit_log').select(['actor_id', 'operation']).where('table_name', '=', 'tenant_cities').where('row_key', '=', JSON.stringify({ city_code: '140100' }) as never).execute(),
    );
    expect(audit).toEqual([{ actor_id: actorId, operation: 'insert' }]);
    await expectClean();
  });

  it('a read and a write started together in one work both succeed, and the write is committed', async () => {
    // The read first (its statement not yet prepared on this connection), then the write.
    const [read, written] = await withTenant(one, A, (trx) =>
      Promise.all([
        trx.selectFrom('tenant_cities').select(['city_code', 'cutoff_day']).where('tenant_id', '=', A).execute(),
        trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: '150100', city_name: '呼和浩特' }).returning('city_code').execute(),
      ]),
    );
    expect(read.map((r) => r.city_code)).toContain('310100');
    expect(written).toEqual([{ city_code: '150100' }]);
    // The write first, then the (now prepared) read, then another write.
    const [written2, read2, written3] = await withTenant(one, A, (trx) =>
      Promise.all([
        trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: '150200', city_name: '包头' }).returning('city_code').execute(),
        trx.selectFrom('tenant_cities').select(['city_code', 'cutoff_day']).where('tenant_id', '=', A).execute(),
        trx.updateTable('tenant_cities').set({ city_name: '呼市' }).where('city_code', '=', '150100').returning('city_name').execute(),
      ]),
    );
    expect(written2).toEqual([{ city_code: '150200' }]);
    expect(read2.map((r) => r.city_code)).toContain('150100');
    expect(written3).toEqual([{ city_name: '呼市' }]);
    const rows = await withTenant(db, A, (trx) => trx.selectFrom('tenant_cities').select(['city_code', 'city_name']).where('city_code', 'in', ['150100', '150200']).orderBy('city_code').execute());
    expect(rows).toEqual([{ city_code: '150100', city_name: '呼市' }, { city_code: '150200', city_name: '包头' }]);
    await expectClean();
  });
});

describe('isolation', () => {
  it("under withTenant(A), writing a row of B fails and leaves nothing written, not even A's earlier write", async () => {
    expect(await pgCode(withTenant(one, A, (trx) => trx.insertInto('tenant_cities').values({ tenant_id: B, city_code: '210100', city_name: '沈阳' }).execute()))).toBe('42501');
    await expectClean();
    expect(
      await pgCode(
        withTenant(one, A, async (trx) => {
          await trx.selectFrom('tenant_cities').select('city_code').execute();
          await trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: '220100', city_name: '长春' }).execute();
          await trx.insertInto('tenant_cities').values({ tenant_id: B, city_code: '220100', city_name: '长春' }).execute();
        }),
      ),
    ).toBe('42501');
    await expectClean();
    // Moving A's row to B is refused as well.
    expect(await pgCode(withTenant(one, A, (trx) => trx.updateTable('tenant_cities').set({ tenant_id: B }).where('city_code', '=', '310100').execute()))).toBe('42501');
    await expectClean();
    expect(await cityCodes(B)).toEqual(['440300']);
    const ofA = await cityCodes(A);
    expect(ofA).toContain('310100');
    expect(ofA).not.toContain('210100');
    expect(ofA).not.toContain('220100');
  });

  it('refuses a tenant id that is not a uuid and a nested transaction, and the connection stays clean', async () => {
    await expect(withTenant(one, "x' or true --", (trx) => trx.selectFrom('tenant_cities').selectAll().execute())).rejects.toThrow('tenantId must be a uuid');
    await expect(withTenant(one, A, (trx) => trx.selectFrom('tenant_cities').selectAll().execute(), { actorId: 'nobody' })).rejects.toThrow('actorId must be a uuid');
    await expect(
      withTenant(one, A, async (trx) => {
        await trx.insertInto('tenant_cities').values({ tenant_id: A, city_code: '230100', city_name: '哈尔滨' }).execute();
        await trx.transaction().execute(async () => undefined);
      }),
    ).rejects.toThrow('already runs in a transaction');
    await expectClean();
    expect(await cityCodes(A)).not.toContain('230100');
  });
});
