import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { pgCode, singleConnectionProbe } from '@lianxu/testing';
import type { Database } from './schema';
import { PipelinedConnection } from './pipelined-driver';
import { executePrepared, withTenant } from './with-tenant';

// withTenant on the real database: values go as bound parameters on every path, and prepared
// statements survive DISCARD ALL and table changes.
// `one` is a pool of a single connection, so every test sees what the previous withTenant left on it
// (settings, transaction state, prepared statements); `db` is a second pool for fixtures and for a
// concurrent session (see singleConnectionProbe in @lianxu/testing).
const probe = singleConnectionProbe();
const { one, expectClean, preparedStatements } = probe;
let A: string;
let B: string;
beforeAll(() => {
  ({ A, B } = probe.tenants);
});

describe('values', () => {
  const strings = [
    "O'Brien",
    "it''s",
    'back\\slash \\n \\\\ \\',
    "E'\\x41'",
    '中文：联续，社保 😀',
    "'); drop table tenant_cities; --",
    '$1 ? :name $$ $tag$',
    '"double"',
    '',
    ' spaced ',
    'line\nbreak\ttab',
  ];
  const date = new Date(Date.UTC(2024, 1, 29, 23, 59, 58, 123));
  const json = { 'zh-CN': "名字 'q' \\ \"dq\"", nested: { list: [1, "a'b", null, true, 'c\\d'], emoji: '😀' }, "key'with": 1.5 };
  const values = (trx: Kysely<Database>, extra: boolean) =>
    trx
      .selectNoFrom((eb) => [
        ...strings.map((s, i) => eb.val(s).as(`s${i}`)),
        eb.cast<Date>(eb.val(date), 'timestamptz').as('date'),
        eb.cast<string | null>(eb.val(null), 'text').as('nothing'),
        eb.cast<unknown>(eb.val(json), 'jsonb').as('json'),
        eb.cast<string>(eb.val('9007199254740993'), 'bigint').as('big'),
        eb.cast<string>(eb.val(9007199254740993n), 'bigint').as('bigint'),
        eb.cast<string>(eb.val('-12345678901234567890.000000000123'), 'numeric').as('numeric'),
        eb.cast<boolean>(eb.val(true), 'boolean').as('yes'),
        eb.cast<number>(eb.val(1.5), 'float8').as('float'),
        // Not on the allow-list: the same values go to the transaction path (BEGIN, settings, query).
        ...(extra ? [eb.fn<string>('txid_current').as('x')] : []),
      ])
      .executeTakeFirstOrThrow();
  const expected = {
    ...Object.fromEntries(strings.map((s, i) => [`s${i}`, s])),
    date,
    nothing: null,
    json,
    big: '9007199254740993',
    bigint: '9007199254740993',
    numeric: '-12345678901234567890.000000000123',
    yes: true,
    float: 1.5,
  };

  it('round-trip exactly as bound parameters of the prepared path, of the transaction path and of executePrepared', async () => {
    const prepared = await withTenant(one, A, (trx) => values(trx, false));
    expect(prepared).toEqual(expected);
    expect((await preparedStatements()).some((s) => s.includes('"s0"'))).toBe(true);
    const { x, ...inTransaction } = await withTenant(one, A, (trx) => values(trx, true));
    expect(x).toMatch(/^\d+$/);
    expect(inTransaction).toEqual(expected);
    const query = one.selectNoFrom((eb) => [...strings.map((s, i) => eb.val(s).as(`s${i}`)), eb.cast<unknown>(eb.val(json), 'jsonb').as('json')]).compile();
    const direct = await executePrepared(one, query);
    expect(direct.rows).toEqual([{ ...Object.fromEntries(strings.map((s, i) => [`s${i}`, s])), json }]);
    await expectClean();
  });

  it('round-trip exactly as quoted literals once the read is prepared (one simple-protocol message), and a NUL goes as a parameter', async () => {
    const literals = (trx: Kysely<Database>, text: string) =>
      trx
        .selectNoFrom((eb) => [
          ...strings.map((s, i) => eb.val(s).as(`s${i}`)),
          eb.val(text).as('t'),
          eb.cast<string | null>(eb.val(null), 'text').as('nothing'),
          eb.cast<string>(eb.val(9007199254740993n), 'bigint').as('bigint'),
          eb.cast<boolean>(eb.val(false), 'boolean').as('no'),
          eb.cast<number>(eb.val(-0.000123), 'float8').as('float'),
          eb.cast<number>(eb.val(42), 'integer').as('int'),
        ])
        .executeTakeFirstOrThrow();
    const want = (text: string) => ({ ...Object.fromEntries(strings.map((s, i) => [`s${i}`, s])), t: text, nothing: null, bigint: '9007199254740993', no: false, float: -0.000123, int: 42 });
    const simple = vi.spyOn(PipelinedConnection.prototype, 'simple');
    try {
      expect(await withTenant(one, A, (trx) => literals(trx, 'first'))).toEqual(want('first'));
      expect(simple).not.toHaveBeenCalled();
      for (const text of strings) expect(await withTenant(one, B, (trx) => literals(trx, text))).toEqual(want(text));
      expect(simple).toHaveBeenCalledTimes(strings.length);
      // Text that holds a NUL cannot be a literal: bound, and refused by the server as before.
      expect(await pgCode(withTenant(one, A, (trx) => literals(trx, 'a\0b')))).toBe('22021');
      expect(simple).toHaveBeenCalledTimes(strings.length);
    } finally {
      simple.mockRestore();
    }
    await expectClean();
  });

  it('round-trip through a tenant table: written in a transaction, read back by a prepared read that filters on the same values', async () => {
    const key = `probe_${randomUUID().slice(0, 8)}`;
    const labels = { 'zh-CN': "员工'号\\码 😀", en: 'Employee\'s \\ "no"' };
    const options = { pattern: { regex: '^[A-Z]\\d+$', message: "it's wrong \\ 不对" }, choices: [{ value: "a'b", labels }] };
    await withTenant(one, A, (trx) =>
      trx
        .insertInto('custom_field_definitions')
        .values({ tenant_id: A, key, type: 'text', labels: labels as never, options: JSON.stringify(options), deleted_at: date, updated_by: null })
        .execute(),
    );
    const rows = await withTenant(one, A, (trx) =>
      trx
        .selectFrom('custom_field_definitions')
        .select(['key', 'labels', 'options', 'deleted_at', 'updated_by'])
        .where('key', '=', key)
        .where('labels', '=', labels as never)
        .where('options', '=', options as never)
        .where('deleted_at', '=', date)
        .where('updated_by', 'is', null)
        .execute(),
    );
    expect(rows).toEqual([{ key, labels, options, deleted_at: date, updated_by: null }]);

    // A text[] whose elements need array quoting.
    const tags = ["a'b", 'c"d', 'e\\f', '{g,h}', '中文', 'NULL', '', ' x ', "'; --"];
    await withTenant(one, A, (trx) =>
      trx.insertInto('audit_log').values({ tenant_id: A, table_name: 'with_tenant_probe', operation: key, row_key: JSON.stringify({ key }), changed_columns: tags }).execute(),
    );
    const tagged = await withTenant(one, A, (trx) =>
      trx.selectFrom('audit_log').select('changed_columns').where('operation', '=', key).where('changed_columns', '=', (eb) => eb.val(tags)).execute(),
    );
    expect(tagged).toEqual([{ changed_columns: tags }]);

    // Strings in an IN list (prepared path) and an array parameter in = any(...) (transaction path).
    const names = await withTenant(one, A, (trx) => trx.selectFrom('tenant_cities').select('city_name').where('city_name', 'in', ['上海', "O'Brien", 'a\\b']).execute());
    expect(names).toEqual([{ city_name: '上海' }]);
    const any = (tenant: string) =>
      withTenant(one, tenant, (trx) =>
        trx.selectFrom('tenant_cities').select('tenant_id').distinct().where('tenant_id', '=', (eb) => eb.fn.any(eb.val([A, B]))).execute(),
      );
    expect(await any(A)).toEqual([{ tenant_id: A }]);
    expect(await any(B)).toEqual([{ tenant_id: B }]);
    await expectClean();
  });

  it('a binary value goes as a parameter, and a NUL is refused by the server', async () => {
    const bytes = Buffer.from([0, 1, 2, 39, 92, 255]);
    const row = await withTenant(one, A, (trx) => trx.selectNoFrom((eb) => eb.cast<Buffer>(eb.val(bytes), 'bytea').as('b')).executeTakeFirstOrThrow());
    expect(Buffer.compare(row.b, bytes)).toBe(0);
    // PostgreSQL text cannot hold NUL: refused by the server, with its own error code.
    expect(await pgCode(withTenant(one, A, (trx) => trx.selectNoFrom((eb) => eb.val('a\0b').as('s')).execute()))).toBe('22021');
    await expectClean();
  });
});

describe('prepared statements', () => {
  it('survive DISCARD ALL on the pooled connection, for withTenant and executePrepared alike', async () => {
    const read = () => withTenant(one, A, (trx) => trx.selectFrom('tenant_cities').select('city_code').where('city_code', '=', '310100').execute());
    const slug = one.selectFrom('tenants').select('id').where('id', '=', A).compile();
    expect(await read()).toEqual([{ city_code: '310100' }]);
    expect((await executePrepared(one, slug)).rows).toEqual([{ id: A }]);

    await sql`discard all`.execute(one);
    expect(await preparedStatements()).toEqual([]);
    // withTenant first after the discard (26000 on its read-only settings), then executePrepared.
    expect(await read()).toEqual([{ city_code: '310100' }]);
    expect((await executePrepared(one, slug)).rows).toEqual([{ id: A }]);
    await expectClean();

    await sql`discard all`.execute(one);
    // executePrepared first this time, then withTenant.
    expect((await executePrepared(one, slug)).rows).toEqual([{ id: A }]);
    expect(await read()).toEqual([{ city_code: '310100' }]);
    expect((await preparedStatements()).length).toBeGreaterThanOrEqual(3);
    await expectClean();
  });

  it('are prepared again when the table changes what they return (0A000)', async () => {
    await sql`create temporary table wt_probe (a integer)`.execute(one);
    try {
      await sql`insert into wt_probe values (1)`.execute(one);
      type Probe = { wt_probe: { a: number; b?: string; c?: string } };
      const read = () => withTenant(one, A, (trx) => trx.withTables<Probe>().selectFrom('wt_probe').selectAll().execute());
      expect(await read()).toEqual([{ a: 1 }]);
      await sql`alter table wt_probe add column b text default 'x'`.execute(one);
      expect(await read()).toEqual([{ a: 1, b: 'x' }]);
      const compiled = one.withTables<Probe>().selectFrom('wt_probe').selectAll().compile();
      expect((await executePrepared(one, compiled)).rows).toEqual([{ a: 1, b: 'x' }]);
      await sql`alter table wt_probe add column c text default 'y'`.execute(one);
      expect((await executePrepared(one, compiled)).rows).toEqual([{ a: 1, b: 'x', c: 'y' }]);
      expect(await read()).toEqual([{ a: 1, b: 'x', c: 'y' }]);
      await expectClean();
    } finally {
      await sql`drop table if exists wt_probe`.execute(one);
    }
  });
});
