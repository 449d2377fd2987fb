import { sql, type Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import { MigrationError } from './migration.package';

// Which legacy column feeds which Lianxu field, per file. Proposed from the headers (the names old
// systems use), edited by the consultant, saved as a new version per tenant: a run records the
// version it was loaded with, so a later edit never changes what an earlier run meant.

export const MIGRATION_FILES = ['roster', 'coverage', 'contributions'] as const;
export type MigrationFile = (typeof MIGRATION_FILES)[number];
/** The file names legacy exports use. */
export const MIGRATION_FILE_NAMES: Record<MigrationFile, string> = { roster: '花名册', coverage: '参保明细', contributions: '缴费明细' };

const SYNONYMS: Record<MigrationFile, Record<string, string[]>> = {
  roster: {
    employeeNo: ['工号', '员工编号', '人员编号'],
    name: ['姓名', '员工姓名'],
    idNumber: ['证件号码', '身份证号', '身份证号码', '公民身份号码'],
    hukou: ['户口性质', '户籍性质', '户籍类型'],
    city: ['参保城市', '参保地', '缴纳地'],
    hireDate: ['入职日期', '入司日期', '参加工作日期'],
    leaveDate: ['离职日期', '退工日期'],
    wage: ['月工资', '工资', '应发工资', '缴费工资'],
  },
  coverage: {
    idNumber: ['证件号码', '身份证号', '身份证号码'],
    city: ['参保城市', '参保地'],
    insurance: ['险种', '险种名称'],
    month: ['月份', '参保月份', '所属期'],
  },
  contributions: {
    idNumber: ['证件号码', '身份证号', '身份证号码'],
    city: ['参保城市', '参保地', '缴纳地'],
    month: ['缴费月份', '所属期', '月份'],
    insurance: ['险种', '险种名称'],
    base: ['缴费基数', '基数'],
    employer: ['单位缴费', '单位缴纳', '单位部分'],
    employee: ['个人缴费', '个人缴纳', '个人部分'],
  },
};
const REQUIRED: Record<MigrationFile, string[]> = {
  roster: ['name', 'idNumber', 'city', 'hireDate', 'wage'],
  coverage: ['idNumber', 'city', 'insurance', 'month'],
  contributions: ['idNumber', 'city', 'month', 'insurance', 'base', 'employer', 'employee'],
};

export type FileMapping = Record<string, string>;
export type MigrationMapping = Partial<Record<MigrationFile, FileMapping>>;

/** A header → field proposal: exact synonyms first, then a header containing one. */
export function proposeMapping(file: MigrationFile, headers: string[]): FileMapping {
  const out: FileMapping = {};
  const clean = headers.map((h) => h.replace(/\s+/g, ''));
  for (const [field, names] of Object.entries(SYNONYMS[file])) {
    const exact = clean.findIndex((h) => names.includes(h));
    const loose = exact >= 0 ? exact : clean.findIndex((h) => names.some((n) => h.includes(n)));
    if (loose >= 0) out[field] = headers[loose]!;
  }
  return out;
}

/** A custom field of the tenant as a target of a roster column: `custom.<key>`. */
export const CUSTOM_TARGET = 'custom.';

/** The Lianxu fields a file's columns can feed (custom fields: roster only), each with whether it is required. */
export function mappingTargets(file: MigrationFile, customKeys: readonly string[] = []): { target: string; required: boolean }[] {
  const fields = Object.keys(SYNONYMS[file]).map((target) => ({ target, required: REQUIRED[file].includes(target) }));
  return file === 'roster' ? fields.concat(customKeys.map((k) => ({ target: `${CUSTOM_TARGET}${k}`, required: false }))) : fields;
}

const fieldMsg = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/**
 * Checks a mapping against the run's headers and the tenant's custom fields: every problem named
 * as `mapping.<file>.<target>` (an unknown target, a source column the file does not have, a
 * required target left out), all in one 422.
 */
export function validateMapping(mapping: MigrationMapping, headers: Partial<Record<MigrationFile, readonly string[]>>, customKeys: readonly string[]): void {
  const problems: Record<string, { 'zh-CN': string; en: string }> = {};
  for (const [file, fileMapping] of Object.entries(mapping) as [MigrationFile, FileMapping][]) {
    if (!MIGRATION_FILES.includes(file)) {
      problems[`mapping.${file}`] = fieldMsg(`没有这个文件：${file}`, `no such file: ${file}`);
      continue;
    }
    const targets = new Map(mappingTargets(file, customKeys).map((t) => [t.target, t.required]));
    const known = headers[file];
    for (const [target, column] of Object.entries(fileMapping)) {
      if (!targets.has(target)) problems[`mapping.${file}.${target}`] = fieldMsg(`没有这个目标字段：${target}`, `no such target field: ${target}`);
      else if (known && !known.includes(column))
        problems[`mapping.${file}.${target}`] = fieldMsg(`${MIGRATION_FILE_NAMES[file]}中没有“${column}”这一列`, `${MIGRATION_FILE_NAMES[file]} has no column "${column}"`);
    }
    for (const [target, required] of targets)
      if (required && fileMapping[target] === undefined) problems[`mapping.${file}.${target}`] = fieldMsg(`必需的目标字段“${target}”没有对应的列`, `the required target "${target}" has no column`);
  }
  if (Object.keys(problems).length)
    throw new MigrationError(422, 'mapping_invalid', { 'zh-CN': '映射配置有误，请检查标出的字段', en: 'The mapping is invalid; see the fields named' }, problems);
}

/** Column indexes for a mapping over these headers; refuses naming each required field not found. */
export function columnsFor(file: MigrationFile, mapping: FileMapping, headers: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  const missing: string[] = [];
  for (const field of Object.keys(SYNONYMS[file])) {
    const header = mapping[field];
    const index = header === undefined ? -1 : headers.indexOf(header);
    if (index >= 0) out[field] = index;
    else if (REQUIRED[file].includes(field)) missing.push(header ?? SYNONYMS[file][field]![0]!);
  }
  // Custom field targets (roster): kept when their column is there; the loader checks their values.
  for (const [field, header] of Object.entries(mapping)) {
    const index = field.startsWith(CUSTOM_TARGET) ? headers.indexOf(header) : -1;
    if (index >= 0) out[field] = index;
  }
  if (missing.length)
    throw new MigrationError(422, 'mapping_incomplete', {
      'zh-CN': `${MIGRATION_FILE_NAMES[file]}缺少必需的列：${missing.join('、')}`,
      en: `${MIGRATION_FILE_NAMES[file]} lacks required columns: ${missing.join(', ')}`,
    });
  return out;
}

/** Saves a mapping as the tenant's next version. */
export async function saveMapping(db: Kysely<Database>, tenantId: string, mapping: MigrationMapping, actorId?: string): Promise<number> {
  return withTenant(
    db,
    tenantId,
    async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`migration-mapping:${tenantId}`}))`.execute(trx);
      const { rows } = await sql<{ v: number | null }>`select max(version) as v from migration_mappings where tenant_id = ${tenantId}`.execute(trx);
      const version = (rows[0]?.v ?? 0) + 1;
      await trx
        .insertInto('migration_mappings')
        .values({ tenant_id: tenantId, version, mapping: JSON.stringify(mapping), created_by: actorId ?? null })
        .execute();
      return version;
    },
    { actorId },
  );
}

export async function loadMapping(db: Kysely<Database>, tenantId: string, version?: number): Promise<{ version: number; mapping: MigrationMapping } | null> {
  const row = await withTenant(db, tenantId, (trx) => {
    let q = trx.selectFrom('migration_mappings').select(['version', 'mapping']).where('tenant_id', '=', tenantId);
    q = version === undefined ? q.orderBy('version', 'desc') : q.where('version', '=', version);
    return q.limit(1).executeTakeFirst();
  });
  return row ? { version: row.version, mapping: row.mapping as MigrationMapping } : null;
}
