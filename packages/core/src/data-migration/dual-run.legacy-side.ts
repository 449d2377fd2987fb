import type pg from 'pg';
import type { CompareLine, CompareSide, SegmentDigest } from './dual-run.compare';

// The old system's side, read over its read-only connection. Its rows are turned into the compared
// lines inside its own database (the subject is sha256(salt || ID number), amounts in fen, city
// names to codes; coverage per month and insurance), so digests are computed there and only the lines of differing segments travel.

export interface LegacySideOptions {
  /** The day's connection to the old system (connectLegacySource). */
  client: pg.ClientBase;
  salt: string;
  /** Months compared (YYYY-MM); roster lines are always compared. */
  months: string[];
  /** The old system's city names → Lianxu city codes. */
  cityCodes: Record<string, string>;
}

const LINES = `
  with emp as (
    select encode(sha256(convert_to($1::text || upper(trim(id_number)), 'UTF8')), 'hex') as subject, name, id_number, city, leave_date, wage
      from employees),
  cov as (
    select distinct encode(sha256(convert_to($1::text || upper(trim(id_number)), 'UTF8')), 'hex') as subject, month, insurance
      from (select id_number, month, insurance from coverage where month = any($2::text[])
            union all select id_number, month, insurance from contributions where month = any($2::text[])) c),
  con as (
    select encode(sha256(convert_to($1::text || upper(trim(id_number)), 'UTF8')), 'hex') as subject, month, insurance,
           sum(round(employer::numeric * 100))::bigint as employer, sum(round(employee::numeric * 100))::bigint as employee
      from contributions where month = any($2::text[]) and employer ~ '^-?[0-9]+(\\.[0-9]+)?$' and employee ~ '^-?[0-9]+(\\.[0-9]+)?$'
     group by 1, 2, 3),
  lines as (
    select 'roster' as kind, subject, '' as item,
           (case when leave_date = '' then 'active' else 'terminated' end) || '|' || coalesce($3::jsonb ->> city, city) || '|' ||
           coalesce(case when wage ~ '^[0-9]+(\\.[0-9]+)?$' then round(wage::numeric * 100)::bigint::text end, '') as value,
           name || ' ' || left(id_number, 6) || '********' || right(id_number, 4) as label
      from emp
    union all select 'coverage', subject, month || '|' || insurance, '1', null from cov
    union all select 'contribution', subject, month || '|' || insurance, employer || '|' || employee, null from con)`;

export function legacySide(options: LegacySideOptions): CompareSide {
  const params = [options.salt, options.months, JSON.stringify(options.cityCodes)];
  return {
    async digests(depth, under) {
      // Prefixes are matched by a hash join (an `= any(array)` of thousands would be tested row by row).
      const join = under ? `join unnest($4::text[]) as p(prefix) on left(subject, ${depth - 1}) = p.prefix` : '';
      const { rows } = await options.client.query<{ seg: string; n: string; h: string }>(
        `${LINES} select left(subject, ${depth}) as seg, count(*) as n,
           sum(('x' || substr(md5(kind || '|' || subject || '|' || item || '|' || value), 1, 15))::bit(60)::bigint)::text as h
           from lines ${join} group by 1`,
        under ? [...params, under] : params,
      );
      return new Map<string, SegmentDigest>(rows.map((r) => [r.seg, { count: Number(r.n), hash: r.h }]));
    },
    async lines(prefixes) {
      const depths = [...new Set(prefixes.map((p) => p.length))];
      const parts = depths.map((d, i) => `select kind, subject, item, value, label from lines join unnest($${4 + i}::text[]) as p${i}(prefix) on left(subject, ${d}) = p${i}.prefix`);
      const { rows } = await options.client.query<CompareLine & { label: string | null }>(
        `${LINES} ${parts.join(' union all ')}`,
        [...params, ...depths.map((d) => prefixes.filter((p) => p.length === d))],
      );
      return rows.map((r) => ({ kind: r.kind, subject: r.subject, item: r.item, value: r.value, ...(r.label ? { label: r.label } : {}) }));
    },
    async totals() {
      const { rows } = await options.client.query<{ month: string; fen: string }>(
        `select month, sum(round(employer::numeric * 100) + round(employee::numeric * 100))::bigint::text as fen from contributions
          where month = any($1::text[]) and employer ~ '^-?[0-9]+(\\.[0-9]+)?$' and employee ~ '^-?[0-9]+(\\.[0-9]+)?$' group by month`,
        [options.months],
      );
      return new Map(rows.map((r) => [r.month, BigInt(r.fen)]));
    },
  };
}
