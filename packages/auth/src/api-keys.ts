import { randomBytes } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Kysely } from 'kysely';
import { executePrepared, type Database, type Localized } from '@lianxu/db';
import { AuthError } from './auth.errors';
import { recordPlatformAudit } from './platform-audit';
import { hashSecret, secretMatches } from './session-token';

/**
 * What a tenant API key may do. Each scope names a group of routes (the API's scope table maps
 * method and path to one); a key is refused with 403 naming the scope it lacks.
 */
export const API_KEY_SCOPES = ['employees:read', 'employees:write', 'contributions:read', 'webhooks:manage', 'attendance:write', 'payroll:write', 'migrations:manage'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Each scope in words, for the 403 that names it and the admin's key form. */
export const API_KEY_SCOPE_LABELS: Record<ApiKeyScope, Localized> = {
  'employees:read': { 'zh-CN': '读取员工', en: 'read employees' },
  'employees:write': { 'zh-CN': '入职与离职', en: 'hire and leave' },
  'contributions:read': { 'zh-CN': '读取缴费', en: 'read contributions' },
  'webhooks:manage': { 'zh-CN': '管理回调', en: 'manage webhooks' },
  'attendance:write': { 'zh-CN': '提交考勤', en: 'post attendance' },
  'payroll:write': { 'zh-CN': '提交工资与扣款', en: 'post wages and deductions' },
  'migrations:manage': { 'zh-CN': '数据迁移', en: 'run data migrations' },
};

/** Tokens are `lxk_<prefix>_<secret>`: the prefix (8 characters) is shown, the secret (160 bits) never again. */
const TOKEN = /^lxk_([a-z2-7]{8})_([a-z2-7]{32})$/;
const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;
/** last_used_at is written at most this often per key (saves a write on most requests). */
const TOUCH_MS = 60_000;
/** Longest lifetime a key may be given. */
export const API_KEY_MAX_DAYS = 730;

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** The key a request's bearer token names, checked: its tenant, its scopes and its id (the audit trail's actor). */
export interface ApiKeyCaller {
  keyId: string;
  prefix: string;
  name: string;
  scopes: ReadonlySet<string>;
  tenantId: string;
  slug: string;
  tenantName: string;
  industry: string;
}

type Row = { id: string; prefix: string; name: string; scopes: string[]; created_at: Date; expires_at: Date; revoked_at: Date | null; last_used_at: Date | null };

function view(row: Row): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: `lxk_${row.prefix}`,
    scopes: row.scopes as ApiKeyScope[],
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}

const NOT_FOUND: Localized = { 'zh-CN': '没有这个 API 密钥', en: 'No such API key' };

/**
 * Tenant API keys: created by a tenant admin (the route checks the role), the secret shown once
 * and stored as SHA-256 (as session secrets are), revoked at once (every request reads the row;
 * nothing is cached), last use recorded at most once a minute.
 */
export function createApiKeyService(db: Kysely<Database>, now: () => Date = () => new Date()) {
  // Compiled once, prepared once per pooled connection: every API-key request runs it. The prefix
  // finds the key (40 random bits: a second key with the same prefix is told apart by its secret).
  const PREFIX_ARG = '\u0000prefix';
  const lookup = db
    .selectFrom('api_keys as k')
    .innerJoin('tenants as t', 't.id', 'k.tenant_id')
    .select(['k.id', 'k.prefix', 'k.name', 'k.scopes', 'k.secret_hash', 'k.expires_at', 'k.revoked_at', 'k.last_used_at', 't.id as tenant_id', 't.slug', 't.name as tenant_name', 't.industry'])
    .where('k.prefix', '=', PREFIX_ARG)
    .compile();
  type LookupRow = { id: string; prefix: string; name: string; scopes: string[]; secret_hash: Buffer; expires_at: Date; revoked_at: Date | null; last_used_at: Date | null; tenant_id: string; slug: string; tenant_name: string; industry: string };

  return {
    /**
     * The key a bearer token names, checked for use on `slug`: the caller, 'other_tenant' (a live
     * key of another tenant: the route answers as to a stranger), or null (unknown, wrong secret,
     * revoked or expired).
     */
    async authenticate(token: string, slug: string): Promise<ApiKeyCaller | 'other_tenant' | null> {
      const parsed = TOKEN.exec(token);
      if (!parsed) return null;
      const [, prefix, secret] = parsed as unknown as [string, string, string];
      const parameters = lookup.parameters.map(() => prefix);
      const rows = (await executePrepared<LookupRow>(db, { ...lookup, parameters })).rows;
      const row = rows.find((r) => secretMatches(secret, new Uint8Array(r.secret_hash)));
      const at = now();
      if (!row || row.revoked_at || row.expires_at.getTime() <= at.getTime()) return null;
      if (!SLUG.test(slug) || row.slug !== slug) return 'other_tenant';
      if (!row.last_used_at || at.getTime() - row.last_used_at.getTime() >= TOUCH_MS) {
        await db.updateTable('api_keys').set({ last_used_at: at }).where('tenant_id', '=', row.tenant_id).where('id', '=', row.id).execute();
      }
      return { keyId: row.id, prefix: `lxk_${row.prefix}`, name: row.name, scopes: new Set(row.scopes), tenantId: row.tenant_id, slug: row.slug, tenantName: row.tenant_name, industry: row.industry };
    },

    async list(tenantId: string): Promise<ApiKeyView[]> {
      const rows = await db
        .selectFrom('api_keys')
        .select(['id', 'prefix', 'name', 'scopes', 'created_at', 'expires_at', 'revoked_at', 'last_used_at'])
        .where('tenant_id', '=', tenantId)
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map(view);
    },

    /** A new key; `token` is the only time the secret is seen. */
    async create(input: { tenantId: string; name: string; scopes: ApiKeyScope[]; expiresAt: Date; createdBy: { id: string; label: string } }): Promise<ApiKeyView & { token: string }> {
      const prefix = encodeBase32LowerCaseNoPadding(randomBytes(5));
      const secret = encodeBase32LowerCaseNoPadding(randomBytes(20));
      const scopes = [...new Set(input.scopes)].sort();
      const row = await db
        .insertInto('api_keys')
        .values({ tenant_id: input.tenantId, prefix, secret_hash: Buffer.from(hashSecret(secret)), name: input.name, scopes, created_by: input.createdBy.id, expires_at: input.expiresAt })
        .returning(['id', 'prefix', 'name', 'scopes', 'created_at', 'expires_at', 'revoked_at', 'last_used_at'])
        .executeTakeFirstOrThrow();
      await recordPlatformAudit(db, { actorId: input.createdBy.id, actor: input.createdBy.label, action: 'api_key.created', tenantId: input.tenantId, details: { keyId: row.id, prefix: `lxk_${prefix}`, scopes } });
      return { ...view(row), token: `lxk_${prefix}_${secret}` };
    },

    /** Revoked at once: the next request with it is refused. */
    async revoke(input: { tenantId: string; keyId: string; revokedBy: { id: string; label: string } }): Promise<ApiKeyView> {
      const row = await db
        .updateTable('api_keys')
        .set({ revoked_at: now(), revoked_by: input.revokedBy.id })
        .where('tenant_id', '=', input.tenantId)
        .where('id', '=', input.keyId)
        .where('revoked_at', 'is', null)
        .returning(['id', 'prefix', 'name', 'scopes', 'created_at', 'expires_at', 'revoked_at', 'last_used_at'])
        .executeTakeFirst();
      if (!row) {
        const existing = await db.selectFrom('api_keys').select(['id', 'prefix', 'name', 'scopes', 'created_at', 'expires_at', 'revoked_at', 'last_used_at'])
          .where('tenant_id', '=', input.tenantId).where('id', '=', input.keyId).executeTakeFirst();
        if (!existing) throw new AuthError(404, 'not_found', NOT_FOUND);
        return view(existing);
      }
      await recordPlatformAudit(db, { actorId: input.revokedBy.id, actor: input.revokedBy.label, action: 'api_key.revoked', tenantId: input.tenantId, details: { keyId: row.id, prefix: `lxk_${row.prefix}` } });
      return view(row);
    },
  };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
