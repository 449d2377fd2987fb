import { createHash } from 'node:crypto';
import { PluginHttpError, type Localized, type PluginHost } from '@lianxu/plugin-sdk';
import type { CheckedRow, RowProblem } from './attendance.parse';
import { writeAttendanceRows, type MonthlyOvertime } from './attendance.service';
import { formatHours } from './overtime.rules';
import type { ShiftsTrx } from './shifts.tables';

/** One record of an attendance system: its own id and the checked row (`row` is its place in the batch, from 1). */
export interface PostedRecord {
  recordId: string;
  row: CheckedRow;
}

export interface PostedRecordsResult {
  /** Records written now. */
  created: number;
  /** Records posted before with the same body: nothing changed for them. */
  unchanged: number;
  /** The import batch of the records written now (null when nothing was written). */
  importId: string | null;
  records: { recordId: string; status: 'created' | 'unchanged' }[];
  /** Monthly overtime recomputed for the employees and months written now. */
  months: MonthlyOvertime[];
}

/**
 * SHA-256 of a record's canonical body: the values after checking (hours with two decimals, the date
 * as YYYY-MM-DD, the shift normalized), in a fixed key order, so `8` and `"8.00"` are the same body.
 */
export function recordDigest(record: PostedRecord): string {
  const r = record.row;
  const canonical = JSON.stringify({
    employeeId: r.employeeId,
    mobile: r.mobile,
    overtimeHours: formatHours(r.overtimeCenti),
    recordId: record.recordId,
    regularHours: formatHours(r.regularCenti),
    shift: r.shift,
    workDate: r.date,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

const recordChanged = (recordId: string): Localized => ({
  'zh-CN': `考勤记录 ${recordId} 已以不同内容提交过；更正请使用新的记录编号`,
  en: `attendance record ${recordId} was posted before with a different body; post a correction under a new record id`,
});

/** Record ids given twice in one batch: a 400 naming the later place. */
export function duplicateRecordIds(records: { recordId: string; row: number }[]): RowProblem[] {
  const first = new Map<string, number>();
  const problems: RowProblem[] = [];
  for (const r of records) {
    const at = first.get(r.recordId);
    if (at === undefined) first.set(r.recordId, r.row);
    else problems.push({ row: r.row, column: 'record_id', message: { 'zh-CN': `与第 ${at} 条记录的 recordId 重复`, en: `repeats the recordId of record ${at}` } });
  }
  return problems;
}

/**
 * Writes a batch of records keyed by the attendance system's record ids, all or nothing. A record id
 * seen before with the same body is left as it is (a retry); with another body the whole batch is
 * refused (409 naming the record id). New records are written as an attendance import of source
 * 'api' (a day already recorded is replaced) and the months they touch are recomputed.
 */
export async function postAttendanceRecords(
  host: PluginHost,
  tenantId: string,
  actorId: string | null,
  records: PostedRecord[],
): Promise<PostedRecordsResult> {
  const digests = records.map(recordDigest);
  return host.withTenant(
    tenantId,
    async (trx: ShiftsTrx) => {
      const known = records.length
        ? await trx.selectFrom('attendance_records').select(['record_id', 'body_sha256']).where('tenant_id', '=', tenantId)
            .where('record_id', 'in', records.map((r) => r.recordId)).execute()
        : [];
      const stored = new Map(known.map((k) => [k.record_id, k.body_sha256]));
      const changed = records.flatMap((r, i) => (stored.has(r.recordId) && stored.get(r.recordId) !== digests[i] ? [r] : []));
      if (changed.length) {
        const fields = Object.fromEntries(changed.map((r) => [`records[${r.row.row - 1}].recordId`, recordChanged(r.recordId)]));
        throw PluginHttpError.conflict('attendance_record_changed', recordChanged(changed[0]!.recordId), fields);
      }
      const fresh = records.filter((r) => !stored.has(r.recordId));
      const statuses = records.map((r) => ({ recordId: r.recordId, status: stored.has(r.recordId) ? ('unchanged' as const) : ('created' as const) }));
      if (!fresh.length) return { created: 0, unchanged: records.length, importId: null, records: statuses, months: [] };

      const written = await writeAttendanceRows(trx, tenantId, actorId, fresh.map((r) => r.row), 'api', null);
      const employeeOf = new Map(written.resolved.map((r) => [r.row, r.employee]));
      const digestOf = new Map(records.map((r, i) => [r.recordId, digests[i]!]));
      const inserted = await trx
        .insertInto('attendance_records')
        .values(fresh.map((r) => ({ tenant_id: tenantId, record_id: r.recordId, body_sha256: digestOf.get(r.recordId)!, employee_id: employeeOf.get(r.row.row)!, work_date: r.row.date, import_id: written.importId })))
        .onConflict((oc) => oc.columns(['tenant_id', 'record_id']).doNothing())
        .returning('record_id')
        .execute();
      if (inserted.length !== fresh.length) {
        // Another request posted one of these ids between our read and our write: roll back, let the caller retry.
        throw PluginHttpError.conflict('attendance_record_concurrent', {
          'zh-CN': '同一考勤记录正被另一请求提交，请稍后重试',
          en: 'Another request is posting the same attendance record; retry',
        });
      }
      return { created: fresh.length, unchanged: records.length - fresh.length, importId: written.importId, records: statuses, months: written.months };
    },
    { actorId },
  );
}
