import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { withTenant } from '@lianxu/db';
import { peopleApiFixture, type TestClient } from '@lianxu/testing';

// POST /api/t/{tenant}/tasks/{id}/filed-by-hand against the run's real PostgreSQL (issue #19): an
// overdue online filing HR made by hand at the bureau's counter is recorded with the counter's
// receipt and day, audited (who, when, which columns), and its workflow is told through the outbox;
// bad input names the field in the reader's language and writes nothing; a task within its deadline
// is a 409; another tenant gets 404. (No worker runs here: the workflow's side is proven in
// lifecycle-time-skipping.test.ts.)
const people = peopleApiFixture();
const { db, slugA, slugB, hireBody, json } = people;
let tenantA = '';
let hrA: TestClient;
let hrB: TestClient;
let employeeA: TestClient;
beforeAll(() => {
  tenantA = people.tenants.A;
  ({ hrA, hrB, employeeA } = people.clients);
});

const enrollmentOf = async (client: TestClient, slug: string, hireDate: string, name: string) => {
  const res = await client.post(`/api/t/${slug}/employees`, hireBody({ hireDate, name }));
  expect(res.status).toBe(201);
  const e = await json(res);
  return e.tasks[0] as { id: string; workflowId: string; gateway: string };
};

const zh = (client: TestClient, path: string, body: unknown) => client.request('POST', path, body, { 'accept-language': 'zh-CN' });

describe('an overdue online task filed by hand at the counter', () => {
  it('is refused with the field named in both languages and nothing written, 409 within its deadline, 404 to another tenant', async () => {
    // Today is 2026-03-10: a hire of 2026-01-29 had until 2026-02-28.
    const task = await enrollmentOf(hrA, slugA, '2026-01-29', '郑窗口');
    expect(task.gateway).toBe('bureau-sim');
    const url = `/api/t/${slugA}/tasks/${task.id}/filed-by-hand`;

    const missing = await zh(hrA, url, { filedOn: '2026-03-09' });
    expect(missing.status).toBe(400);
    expect((await json(missing)).error.fields).toEqual({ receiptNo: '请填写经办机构窗口给的受理回执号' });
    const badDate = await hrA.post(url, { receiptNo: 'SH-GT-1', filedOn: '2026-02-30' });
    expect(badDate.status).toBe(400);
    expect((await json(badDate)).error.fields).toEqual({ filedOn: 'enter a valid date, for example 2026-12-04' });
    const future = await zh(hrA, url, { receiptNo: 'SH-GT-1', filedOn: '2026-03-11' });
    expect((await json(future)).error.fields).toEqual({ filedOn: '办理日期不能晚于今天' });
    expect((await hrA.post(url, { receiptNo: 'SH-GT-1', note: 'x' })).status).toBe(400);

    // Another tenant's HR, an employee: nothing to see or do.
    expect((await hrB.post(`/api/t/${slugB}/tasks/${task.id}/filed-by-hand`, { receiptNo: 'SH-GT-1' })).status).toBe(404);
    expect((await employeeA.post(url, { receiptNo: 'SH-GT-1' })).status).toBe(403);
    const untouched = await json(await hrA.get(`/api/t/${slugA}/tasks?open=true`));
    expect(untouched.items.find((t: { id: string }) => t.id === task.id)).toMatchObject({ filedByHand: null, open: true });

    // Within its deadline the system is still filing it online.
    const onTime = await enrollmentOf(hrA, slugA, '2026-03-09', '王准时');
    const early = await zh(hrA, `/api/t/${slugA}/tasks/${onTime.id}/filed-by-hand`, { receiptNo: 'SH-GT-2' });
    expect(early.status).toBe(409);
    expect((await json(early)).error).toMatchObject({ code: 'task_not_overdue', message: expect.stringContaining('超过期限后才能登记为线下办理') });
  });

  it('records the receipt and day, audited, tells the workflow, and takes the same receipt again but not another', async () => {
    const task = await enrollmentOf(hrA, slugA, '2026-01-20', '李柜台');
    const url = `/api/t/${slugA}/tasks/${task.id}/filed-by-hand`;
    const ok = await hrA.post(url, { receiptNo: ' SH-GT-2026-0042 ', filedOn: '2026-03-06' });
    expect(ok.status).toBe(200);
    const view = await json(ok);
    expect(view).toMatchObject({ id: task.id, open: true, filedByHand: { receiptNo: 'SH-GT-2026-0042', filedOn: '2026-03-06', by: expect.any(String), at: expect.any(String) } });
    const by = view.filedByHand.by as string;

    const { signals, audit } = await withTenant(db, tenantA, async (trx) => ({
      signals: await trx.selectFrom('outbox').select(['signal_name', 'args']).where('tenant_id', '=', tenantA).where('workflow_id', '=', task.workflowId).where('kind', '=', 'signal').execute(),
      audit: await trx.selectFrom('audit_log').select(['actor_id', 'operation', 'changed_columns']).where('tenant_id', '=', tenantA).where('table_name', '=', 'filing_tasks')
        .where(sql<boolean>`row_key->>'id' = ${task.id}`).where('operation', '=', 'update').execute(),
    }));
    expect(signals).toEqual([{ signal_name: 'filedByHand', args: [{ receiptNo: 'SH-GT-2026-0042', filedOn: '2026-03-06', userId: by }] }]);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(by);
    expect(audit[0]!.changed_columns).toEqual(expect.arrayContaining(['hand_receipt_no', 'hand_filed_on', 'hand_filed_by', 'hand_recorded_at']));

    // The same receipt again: the same answer, no second signal; another receipt: 409 naming the field.
    expect((await hrA.post(url, { receiptNo: 'SH-GT-2026-0042', filedOn: '2026-03-06' })).status).toBe(200);
    const other = await zh(hrA, url, { receiptNo: 'SH-GT-2026-0043' });
    expect(other.status).toBe(409);
    expect((await json(other)).error.fields.receiptNo).toContain('已于 2026-03-06 登记为线下办理');
    const count = await withTenant(db, tenantA, (trx) => trx.selectFrom('outbox').select('id').where('tenant_id', '=', tenantA).where('workflow_id', '=', task.workflowId).where('kind', '=', 'signal').execute());
    expect(count).toHaveLength(1);
  });
});
