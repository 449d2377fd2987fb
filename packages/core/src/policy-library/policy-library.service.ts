import { readFileSync } from 'node:fs';
import { relative, isAbsolute } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { parse } from 'yaml';
import { recordPlatformAudit } from '@lianxu/auth';
import type { Database, PolicySourceEntry } from '@lianxu/db';
import {
  createPolicyLibrary,
  DEFAULT_POLICY_DATA_DIR,
  getDefaultPolicyLibrary,
  GRADES,
  loadSources,
  PolicyDataError,
  recordSourceIds,
  validatePolicyRecord,
  validatePolicySet,
  type PolicyLibrary,
  type PolicyRecord,
  type SourceRef,
} from '@lianxu/policy';
import { DomainError } from '../shared/index';

/** The platform audit action written for every consultant revision. */
export const POLICY_RECORD_REVISED = 'policy_record.revised';

/** Other API processes may serve a library this old after a write here (their cache TTL). */
export const POLICY_CACHE_TTL_MS = 5_000;

export interface PolicyActor {
  id: string;
  email: string;
}

/** One revision of a city's policy year, shipped (a data file) or entered by a consultant. */
export interface PolicyRevisionInfo {
  id: string;
  cityCode: string;
  year: number;
  revision: number;
  shipped: boolean;
  /** The revision used for new quotes of this city and year. */
  effective: boolean;
  note: string | null;
  createdBy: string | null;
  createdAt: string | null;
}

export interface StoredPolicyRecord {
  id: string;
  cityCode: string;
  year: number;
  revision: number;
  /** The raw record, same shape as packages/policy/data/*.yaml. */
  record: unknown;
  sources: PolicySourceEntry[];
  note: string;
  createdBy: string | null;
  createdByEmail: string | null;
  createdAt: Date;
}

/**
 * A revision that cannot be stored. `field` is a path in the request body ("record.insurances.
 * pension.floor", "note", "sources[0].url"); `code` is 'invalid_policy_record' (400) or
 * 'revision_conflict' (409). The record validator speaks English only, so an invalid record's
 * field message says in Chinese that the field is wrong and quotes the validator's words; the field
 * path is what the form points at.
 */
export class PolicyRevisionError extends DomainError {
  declare readonly code: 'invalid_policy_record' | 'revision_conflict';
  readonly field: string;
  readonly problem: string;

  constructor(code: 'invalid_policy_record' | 'revision_conflict', field: string, problem: string) {
    // Nothing may touch `this` before super(): the messages are built first, the fields set after.
    const conflict = code === 'revision_conflict';
    const messages = conflict
      ? { 'zh-CN': '同一城市年度的另一修订刚刚保存，请重试', en: problem }
      : { 'zh-CN': `政策记录有误：${field}：${problem}`, en: `Invalid policy record: ${field}: ${problem}` };
    super(conflict ? 409 : 400, code, messages, { [field]: conflict ? messages : { 'zh-CN': /[\u4e00-\u9fff]/.test(problem) ? problem : `此项有误（${problem}）`, en: problem } });
    this.field = field;
    this.problem = problem;
    this.message = `${field}: ${problem}`;
    this.name = 'PolicyRevisionError';
  }
}

export interface EffectivePolicyLibrary {
  /** Effective records (latest revision per city and year); `recordById` also resolves older revisions. */
  library: PolicyLibrary;
  revisions: readonly PolicyRevisionInfo[];
}

interface Snapshot extends EffectivePolicyLibrary {
  fingerprint: string;
  checkedAt: number;
  stored: Map<string, StoredPolicyRecord>;
}

export interface PolicyLibraryServiceOptions {
  db: Kysely<Database>;
  /** How long a loaded library is used before the database is asked whether it changed. */
  ttlMs?: number;
  now?: () => number;
  /** The shipped baseline (default: packages/policy/data). */
  shipped?: PolicyLibrary;
  shippedSources?: readonly SourceRef[];
}

const SOURCE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const MAX_NOTE = 2000;

function stripPrefix(error: PolicyDataError): string {
  const marker = `field ${error.field}: `;
  const at = error.message.indexOf(marker);
  return at < 0 ? error.message : error.message.slice(at + marker.length);
}

/** A validator field ("insurances.pension.floor", "(record)") as a request-body path. */
function recordField(field: string): string {
  if (field === '(record)') return 'record';
  return `record.${field.startsWith('(record).') ? field.slice('(record).'.length) : field}`;
}

function checkSourceEntries(raw: unknown, taken: ReadonlySet<string>): PolicySourceEntry[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new PolicyRevisionError('invalid_policy_record', 'sources', 'must be a list of {id, title, url, grade}');
  if (raw.length > 20) throw new PolicyRevisionError('invalid_policy_record', 'sources', 'at most 20 new sources per revision');
  const seen = new Set<string>();
  return raw.map((entry, i) => {
    const at = (k: string) => `sources[${i}]${k ? `.${k}` : ''}`;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new PolicyRevisionError('invalid_policy_record', at(''), 'must be an object');
    const e = entry as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (!['id', 'title', 'url', 'grade'].includes(key)) throw new PolicyRevisionError('invalid_policy_record', at(key), 'unknown field (allowed: id, title, url, grade)');
    }
    const id = e['id'];
    if (typeof id !== 'string' || !SOURCE_ID.test(id)) throw new PolicyRevisionError('invalid_policy_record', at('id'), 'must be 1-40 letters, digits, ".", "_" or "-"');
    if (taken.has(id) || seen.has(id)) throw new PolicyRevisionError('invalid_policy_record', at('id'), `source id "${id}" already exists`);
    seen.add(id);
    const title = e['title'];
    if (typeof title !== 'string' || !title.trim() || title.length > 500) throw new PolicyRevisionError('invalid_policy_record', at('title'), 'must be a non-empty text of at most 500 characters');
    let url: string | null = null;
    if (e['url'] !== undefined && e['url'] !== null) {
      const text = e['url'];
      let ok = false;
      if (typeof text === 'string' && text.length <= 2000) {
        try {
          ok = ['http:', 'https:'].includes(new URL(text).protocol);
        } catch {
          ok = false;
        }
      }
      if (!ok) throw new PolicyRevisionError('invalid_policy_record', at('url'), 'must be an http(s) URL');
      url = text as string;
    }
    let grade: string | null = null;
    if (e['grade'] !== undefined && e['grade'] !== null) {
      if (typeof e['grade'] !== 'string' || !(GRADES as readonly string[]).includes(e['grade'])) {
        throw new PolicyRevisionError('invalid_policy_record', at('grade'), `must be one of ${GRADES.join(', ')}`);
      }
      grade = e['grade'];
    }
    return { id, title: title.trim(), url, grade };
  });
}

/**
 * The policy library as the platform sees it: the shipped files (baseline) plus consultants'
 * revisions from `policy_records`. Per city and year the highest revision is effective; every
 * older revision still resolves by id, so a quote keeps meaning what it meant.
 *
 * Loads are cached; after `ttlMs` one small query checks whether the table changed. A write in
 * this process invalidates at once; other processes see it within their TTL.
 */
export function createPolicyLibraryService(options: PolicyLibraryServiceOptions) {
  const { db } = options;
  const ttlMs = options.ttlMs ?? POLICY_CACHE_TTL_MS;
  const now = options.now ?? Date.now;
  const shipped = options.shipped ?? getDefaultPolicyLibrary();
  const shippedSources = options.shippedSources ?? loadSources();

  let snapshot: Snapshot | null = null;
  let pending: Promise<Snapshot> | null = null;

  async function fingerprint(): Promise<string> {
    // Rows are insert-only (the runtime role cannot update or delete), so count + newest tells any change.
    const row = await db
      .selectFrom('policy_records')
      .select([sql<string>`count(*)::text`.as('n'), sql<string | null>`max(created_at)::text`.as('newest')])
      .executeTakeFirstOrThrow();
    return `${row.n}/${row.newest ?? ''}`;
  }

  async function build(print: string): Promise<Snapshot> {
    const rows = await db
      .selectFrom('policy_records as p')
      .leftJoin('users as u', 'u.id', 'p.created_by')
      .select(['p.id', 'p.city_code', 'p.year', 'p.revision', 'p.record', 'p.sources', 'p.note', 'p.created_by', 'p.created_at', 'u.email'])
      .orderBy('p.city_code')
      .orderBy('p.year')
      .orderBy('p.revision')
      .execute();
    const sources: SourceRef[] = [...shippedSources, ...rows.flatMap((r) => r.sources)];
    const known = new Set(sources.map((s) => s.id));
    const stored = new Map<string, StoredPolicyRecord>();
    const all: PolicyRecord[] = [...shipped.records];
    for (const r of rows) {
      // Validated on write; a failure here means the validator changed, and it should fail loudly.
      all.push(validatePolicyRecord(r.record, `db:${r.id}`, known));
      stored.set(r.id, {
        id: r.id,
        cityCode: r.city_code,
        year: r.year,
        revision: r.revision,
        record: r.record,
        sources: r.sources,
        note: r.note,
        createdBy: r.created_by,
        createdByEmail: r.email,
        createdAt: r.created_at,
      });
    }
    const latest = new Map<string, PolicyRecord>();
    for (const rec of all) {
      const key = `${rec.city.code}-${rec.year}`;
      const prev = latest.get(key);
      if (!prev || rec.revision > prev.revision) latest.set(key, rec);
    }
    const effective = [...latest.values()];
    const byId = new Map(all.map((r) => [r.id, r]));
    const base = rows.length === 0 ? shipped : createPolicyLibrary(effective, sources);
    const library: PolicyLibrary = { ...base, recordById: (id) => byId.get(id) ?? null };
    const revisions = all
      .map((rec): PolicyRevisionInfo => {
        const s = stored.get(rec.id);
        return {
          id: rec.id,
          cityCode: rec.city.code,
          year: rec.year,
          revision: rec.revision,
          shipped: !s,
          effective: latest.get(`${rec.city.code}-${rec.year}`) === rec,
          note: s?.note ?? null,
          createdBy: s?.createdByEmail ?? null,
          createdAt: s?.createdAt.toISOString() ?? null,
        };
      })
      .sort((a, b) => a.cityCode.localeCompare(b.cityCode) || a.year - b.year || a.revision - b.revision);
    return { library, revisions, stored, fingerprint: print, checkedAt: now() };
  }

  async function refresh(force: boolean): Promise<Snapshot> {
    const current = snapshot;
    if (!force && current && now() - current.checkedAt < ttlMs) return current;
    const print = await fingerprint();
    if (current && current.fingerprint === print) {
      current.checkedAt = now();
      return current;
    }
    const next = await build(print);
    snapshot = next;
    return next;
  }

  /** One load at a time: concurrent requests after the TTL share the same query. */
  function load(force = false): Promise<Snapshot> {
    if (!force && snapshot && now() - snapshot.checkedAt < ttlMs) return Promise.resolve(snapshot);
    pending ??= refresh(force).finally(() => {
      pending = null;
    });
    return pending;
  }

  function shippedRaw(record: PolicyRecord): unknown {
    // Shipped records carry their file path as origin; read only inside the data folder.
    const rel = relative(DEFAULT_POLICY_DATA_DIR, record.origin);
    if (rel.startsWith('..') || isAbsolute(rel)) return null;
    return parse(readFileSync(record.origin, 'utf8'));
  }

  return {
    /** The effective library (cached; see POLICY_CACHE_TTL_MS). */
    async library(): Promise<PolicyLibrary> {
      return (await load()).library;
    },

    async effective(): Promise<EffectivePolicyLibrary> {
      const s = await load();
      return { library: s.library, revisions: s.revisions };
    },

    /** Every revision of a city's policy year, oldest first. */
    async revisionsOf(cityCode: string, year: number): Promise<PolicyRevisionInfo[]> {
      return (await load()).revisions.filter((r) => r.cityCode === cityCode && r.year === year);
    },

    /** The record as entered (shipped file or consultant's JSON), for review and for editing. */
    async rawRecord(id: string): Promise<{ record: unknown; info: PolicyRevisionInfo } | null> {
      const s = await load();
      const info = s.revisions.find((r) => r.id === id);
      const rec = s.library.recordById(id);
      if (!info || !rec) return null;
      const record = s.stored.get(id)?.record ?? shippedRaw(rec);
      return record === null ? null : { record, info };
    },

    /** Every stored (consultant) revision, oldest first per city and year. */
    async storedRecords(): Promise<StoredPolicyRecord[]> {
      return [...(await load()).stored.values()];
    },

    /**
     * Validates a consultant's record (as in the shipped files), gives it the next revision of its
     * city and year, stores it with an audit row, and makes it effective for new quotes.
     * Throws PolicyRevisionError naming the field at fault.
     */
    async addRevision(
      input: { record: unknown; note: unknown; sources?: unknown },
      actor: PolicyActor,
      /** The city and year named in the URL: the record must be about them. */
      expected?: { cityCode: string; year: number },
    ): Promise<{ id: string; record: PolicyRecord }> {
      const note = typeof input.note === 'string' ? input.note.trim() : '';
      if (!note) throw new PolicyRevisionError('invalid_policy_record', 'note', 'say what changed and why');
      if (note.length > MAX_NOTE) throw new PolicyRevisionError('invalid_policy_record', 'note', `at most ${MAX_NOTE} characters`);
      if (!input.record || typeof input.record !== 'object' || Array.isArray(input.record)) {
        throw new PolicyRevisionError('invalid_policy_record', 'record', 'must be an object (the shape of a policy data file)');
      }

      for (let attempt = 0; ; attempt++) {
        const s = await load(true);
        const register = [...s.library.sources.values()];
        const added = checkSourceEntries(input.sources, new Set(register.map((r) => r.id)));
        const known = new Set([...register.map((r) => r.id), ...added.map((a) => a.id)]);
        const origin = `api:${actor.email}`;
        let record: PolicyRecord;
        let raw: Record<string, unknown>;
        try {
          // First pass finds the city and year; the revision is assigned, never taken from the body.
          const first = validatePolicyRecord({ ...(input.record as Record<string, unknown>), revision: 1 }, origin, known);
          if (expected && first.city.code !== expected.cityCode) {
            throw new PolicyDataError(origin, first.city.code, first.year, 'city.code', `is ${first.city.code}, but the revision is filed under ${expected.cityCode}`);
          }
          if (expected && first.year !== expected.year) {
            throw new PolicyDataError(origin, first.city.code, first.year, 'year', `is ${first.year}, but the revision is filed under ${expected.year}`);
          }
          const revision = Math.max(0, ...s.revisions.filter((r) => r.cityCode === first.city.code && r.year === first.year).map((r) => r.revision)) + 1;
          raw = { ...(input.record as Record<string, unknown>), revision };
          record = validatePolicyRecord(raw, origin, known);
          if (recordSourceIds(record).length === 0) {
            throw new PolicyDataError(origin, record.city.code, record.year, 'insurances', 'a revision must cite at least one source');
          }
          const others = s.library.records.filter((r) => !(r.city.code === record.city.code && r.year === record.year));
          validatePolicySet([...others, record]);
        } catch (error) {
          if (error instanceof PolicyDataError) throw new PolicyRevisionError('invalid_policy_record', recordField(error.field), stripPrefix(error));
          throw error;
        }
        try {
          await db.transaction().execute(async (trx) => {
            await trx
              .insertInto('policy_records')
              .values({
                id: record.id,
                city_code: record.city.code,
                year: record.year,
                revision: record.revision,
                record: JSON.stringify(raw),
                sources: JSON.stringify(added),
                note,
                created_by: actor.id,
              })
              .execute();
            await recordPlatformAudit(trx, {
              actorId: actor.id,
              actor: actor.email,
              action: POLICY_RECORD_REVISED,
              details: { id: record.id, city: record.city.code, year: record.year, revision: record.revision, note },
            });
          });
        } catch (error) {
          // Another consultant took this revision number a moment ago: reload and number again.
          if ((error as { code?: string }).code === '23505' && attempt < 3) continue;
          if ((error as { code?: string }).code === '23505') {
            throw new PolicyRevisionError('revision_conflict', 'record', 'another revision of this city and year was saved at the same time; try again');
          }
          throw error;
        }
        snapshot = null;
        return { id: record.id, record };
      }
    },

    /** Forget the cached library (the next read reloads). */
    invalidate(): void {
      snapshot = null;
    },
  };
}
export type PolicyLibraryService = ReturnType<typeof createPolicyLibraryService>;
