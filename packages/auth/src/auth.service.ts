import { sql, type CompiledQuery, type Kysely } from 'kysely';
import { executePrepared, type Database, type PlatformRole, type TenantRole } from '@lianxu/db';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';
import { recordPlatformAudit } from './platform-audit';
import { createAttemptLimiter, SECOND_FACTOR_LIMIT } from './attempt-limiter';
import type { SessionCache } from './session-cache';
import { generateSessionToken, parseSessionToken, secretMatches } from './session-token';
import { generateRecoveryCodes, generateTotpKey, hashRecoveryCode, matchTotpStep, totpKeyUri, totpSecretText } from './totp';

export interface AuthConfig {
  /** Absolute session lifetime. */
  sessionLifetimeMs: number;
  /** A session unused for this long ends. */
  inactivityTimeoutMs: number;
  /** last_used_at is written at most this often (saves a write on most requests). */
  touchIntervalMs: number;
  failureWindowMs: number;
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  /** Demo mode lets the demo consultant reach tenants without a second factor. */
  demoMode: boolean;
}

export const DEFAULT_AUTH_CONFIG: AuthConfig = {
  sessionLifetimeMs: 30 * 24 * 3600_000,
  inactivityTimeoutMs: 5 * 24 * 3600_000,
  touchIntervalMs: 3600_000,
  failureWindowMs: 15 * 60_000,
  maxFailuresPerAccount: 10,
  maxFailuresPerAddress: 100,
  demoMode: false,
};

export interface AuthUser {
  id: string;
  email: string;
  name: string;
  platformRole: PlatformRole | null;
  twoFactorEnabled: boolean;
}

export interface AuthSession {
  id: string;
  userId: string;
  twoFactorVerified: boolean;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
}

export type SignInResult =
  | { ok: true; user: AuthUser; token: string; session: AuthSession; twoFactorRequired: boolean }
  | { ok: false; reason: 'invalid_credentials' }
  | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

/** A second-factor answer: accepted, a wrong code, or too many wrong codes for now. */
export type SecondFactorResult = { ok: true } | { ok: false; reason: 'invalid_code' } | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

export interface TenantAccess {
  tenantId: string;
  slug: string;
  name: string;
  industry: string;
  role: TenantRole | 'consultant';
  grantId: string | null;
}

function toUser(row: { id: string; email: string; name: string; platform_role: PlatformRole | null; totp_key: Buffer | null }): AuthUser {
  return { id: row.id, email: row.email, name: row.name, platformRole: row.platform_role, twoFactorEnabled: row.totp_key !== null };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

// Placeholders that mark where the session id and the tenant slug go in the compiled lookup.
const ID_ARG = '\u0000session-id';
const SLUG_ARG = '\u0000tenant-slug';
// Tenant slugs as the tenants table's check constraint admits them; any other slug names no tenant.
const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * The session and (for a tenant path) the caller's way into the tenant, in one query that every
 * request runs. It is compiled once and prepared once per pooled connection: planning its
 * five-table join cost the server about three times what running it does.
 */
function sessionLookup(db: Kysely<Database>) {
  const query = db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('tenants as t', (j) => j.on('t.slug', '=', SLUG_ARG))
    .leftJoin('memberships as m', (j) => j.onRef('m.tenant_id', '=', 't.id').onRef('m.user_id', '=', 'u.id'))
    .leftJoin('consultant_grants as g', (j) => j.onRef('g.tenant_id', '=', 't.id').onRef('g.consultant_id', '=', 'u.id').on('g.revoked_at', 'is', null))
    .select((eb) => [
      's.id', 's.secret_hash', 's.two_factor_verified', 's.created_at', 's.last_used_at', 's.expires_at',
      'u.id as user_id', 'u.email', 'u.name', 'u.platform_role',
      // Whether a second factor is set, not the key itself: no secret leaves the database per request.
      eb('u.totp_key', 'is not', null).$castTo<boolean>().as('two_factor_enabled'),
      't.id as tenant_id', 't.slug', 't.name as tenant_name', 't.industry', 'm.role', 'g.id as grant_id',
    ])
    .where('s.id', '=', ID_ARG)
    .compile();
  type Row = typeof query extends CompiledQuery<infer R> ? R : never;
  if (!query.parameters.every((p) => p === ID_ARG || p === SLUG_ARG)) throw new Error('sessionLookup: unexpected parameter');

  return async (sessionId: string, slug: string | null): Promise<Row | undefined> => {
    const tenantSlug = slug && SLUG.test(slug) ? slug : '';
    const parameters = query.parameters.map((p) => (p === ID_ARG ? sessionId : tenantSlug));
    return (await executePrepared<Row>(db, { ...query, parameters })).rows[0];
  };
}

/** One session lookup's row, as a session cache keeps it. */
export type SessionRow = NonNullable<Awaited<ReturnType<ReturnType<typeof sessionLookup>>>>;

/**
 * Sessions, passwords, second factor and tenant access: the auth module owns these platform tables.
 * With `sessionCache` (the API server passes one kept live by `listenForAuthChanges`) a repeated
 * session check needs no database round trip; every write here also drops the user's entries at
 * once in this process, and the database's change announcements drop them in every process.
 */
export function createAuthService(
  db: Kysely<Database>,
  partial: Partial<AuthConfig> = {},
  now: () => Date = () => new Date(),
  options: { sessionCache?: SessionCache<unknown> } = {},
) {
  const config = { ...DEFAULT_AUTH_CONFIG, ...partial };
  const cache = options.sessionCache as SessionCache<SessionRow> | undefined;

  const limiter = createAttemptLimiter(db, now);
  const signInLimits = (email: string, address: string) => [
    { key: `account:${email}`, limit: { max: config.maxFailuresPerAccount, windowMs: config.failureWindowMs } },
    { key: `address:${address}`, limit: { max: config.maxFailuresPerAddress, windowMs: config.failureWindowMs } },
  ];

  const lookupSession = sessionLookup(db);

  async function createSession(userId: string, twoFactorVerified: boolean, userAgent: string | null) {
    const t = generateSessionToken();
    const created = now();
    const session: AuthSession = {
      id: t.id,
      userId,
      twoFactorVerified,
      createdAt: created,
      lastUsedAt: created,
      expiresAt: new Date(created.getTime() + config.sessionLifetimeMs),
    };
    await db
      .insertInto('sessions')
      .values({
        id: t.id,
        user_id: userId,
        secret_hash: Buffer.from(t.secretHash),
        two_factor_verified: twoFactorVerified,
        created_at: created,
        last_used_at: created,
        expires_at: session.expiresAt,
        user_agent: userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    return { token: t.token, session };
  }

  return {
    config,

    async signIn(input: { email: string; password: string; address: string; userAgent?: string | null }): Promise<SignInResult> {
      const email = normalizeEmail(input.email);
      const limits = signInLimits(email, input.address);
      const verdict = await limiter.check(limits);
      if (verdict.blocked) return { ok: false, reason: 'rate_limited', retryAfterSeconds: verdict.retryAfterSeconds };
      const row = await db
        .selectFrom('users')
        .select(['id', 'email', 'name', 'platform_role', 'totp_key', 'password_hash'])
        .where('email', '=', email)
        .executeTakeFirst();
      const valid = row?.password_hash
        ? await verifyPassword(row.password_hash, input.password)
        : (await verifyPassword(await dummyPasswordHash(), input.password), false);
      if (!row || !valid) {
        await limiter.fail(limits.map((l) => l.key));
        return { ok: false, reason: 'invalid_credentials' };
      }
      const user = toUser(row);
      const { token, session } = await createSession(user.id, !user.twoFactorEnabled, input.userAgent ?? null);
      return { ok: true, user, token, session, twoFactorRequired: user.twoFactorEnabled };
    },

    /** One query per request; last use is written at most once per touch interval. */
    async validateSessionToken(token: string): Promise<{ session: AuthSession; user: AuthUser } | null> {
      const found = await this.validateSessionForTenant(token, null);
      return found && { session: found.session, user: found.user };
    },

    /**
     * The session check and, for tenant routes, the caller's way into the tenant, in one query
     * (one database round trip instead of two on every tenant request).
     */
    async validateSessionForTenant(token: string, slug: string | null): Promise<{ session: AuthSession; user: AuthUser; access: TenantAccess | null } | null> {
      const parsed = parseSessionToken(token);
      if (!parsed) return null;
      // The cached lookup is the same row; the secret, expiry and inactivity are checked below either way.
      const key = `${parsed.id}\u0000${slug ?? ''}`;
      let row = cache?.get(key);
      if (!row) {
        const generation = cache?.generation ?? 0;
        row = await lookupSession(parsed.id, slug);
        if (row && cache && secretMatches(parsed.secret, new Uint8Array(row.secret_hash))) {
          cache.set(key, row, { userId: row.user_id, sessionId: row.id }, generation);
        }
      }
      if (!row || !secretMatches(parsed.secret, new Uint8Array(row.secret_hash))) return null;
      const at = now().getTime();
      if (at >= row.expires_at.getTime() || at >= row.last_used_at.getTime() + config.inactivityTimeoutMs) {
        await db.deleteFrom('sessions').where('id', '=', row.id).execute();
        cache?.dropUser(row.user_id);
        return null;
      }
      let lastUsedAt = row.last_used_at;
      if (at - row.last_used_at.getTime() >= config.touchIntervalMs) {
        lastUsedAt = now();
        await db.updateTable('sessions').set({ last_used_at: lastUsedAt }).where('id', '=', row.id).execute();
        cache?.dropUser(row.user_id);
      }
      const user: AuthUser = { id: row.user_id, email: row.email, name: row.name, platformRole: row.platform_role, twoFactorEnabled: row.two_factor_enabled };
      let access: TenantAccess | null = null;
      if (row.tenant_id && row.slug && row.tenant_name && row.industry) {
        const base = { tenantId: row.tenant_id, slug: row.slug, name: row.tenant_name, industry: row.industry };
        if (row.role) access = { ...base, role: row.role, grantId: null };
        else if (row.grant_id && user.platformRole === 'consultant') access = { ...base, role: 'consultant', grantId: row.grant_id };
      }
      return {
        session: { id: row.id, userId: row.user_id, twoFactorVerified: row.two_factor_verified, createdAt: row.created_at, lastUsedAt, expiresAt: row.expires_at },
        user,
        access,
      };
    },

    /** Second step of sign-in: a TOTP code, or one unused recovery code. */
    /** Checks a TOTP or recovery code; wrong codes count against the user, as failed sign-ins do. */
    async verifySecondFactor(session: AuthSession, code: string): Promise<SecondFactorResult> {
      const limits = [{ key: `second-factor:${session.userId}`, limit: SECOND_FACTOR_LIMIT }];
      const verdict = await limiter.check(limits);
      if (verdict.blocked) return { ok: false, reason: 'rate_limited', retryAfterSeconds: verdict.retryAfterSeconds };
      const user = await db.selectFrom('users').select(['totp_key', 'totp_last_step']).where('id', '=', session.userId).executeTakeFirstOrThrow();
      if (!user.totp_key) return { ok: false, reason: 'invalid_code' };
      const step = matchTotpStep(new Uint8Array(user.totp_key), code.trim(), now().getTime());
      let ok = false;
      if (step !== undefined) {
        // A code is good once: refuse a replay of the same or an earlier step.
        const updated = await db
          .updateTable('users')
          .set({ totp_last_step: String(step) })
          .where('id', '=', session.userId)
          .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb(sql`totp_last_step::bigint`, '<', step)]))
          .executeTakeFirst();
        ok = Number(updated.numUpdatedRows) === 1;
      } else {
        const used = await db
          .updateTable('recovery_codes')
          .set({ used_at: now() })
          .where('user_id', '=', session.userId)
          .where('code_hash', '=', Buffer.from(hashRecoveryCode(code)))
          .where('used_at', 'is', null)
          .executeTakeFirst();
        ok = Number(used.numUpdatedRows) === 1;
      }
      if (ok) await db.updateTable('sessions').set({ two_factor_verified: true }).where('id', '=', session.id).execute();
      else await limiter.fail(limits.map((l) => l.key));
      cache?.dropUser(session.userId);
      return ok ? { ok: true } : { ok: false, reason: 'invalid_code' };
    },

    async beginTotpSetup(user: AuthUser): Promise<{ secret: string; otpauthUri: string }> {
      const key = generateTotpKey();
      await db.updateTable('users').set({ totp_pending_key: Buffer.from(key) }).where('id', '=', user.id).execute();
      return { secret: totpSecretText(key), otpauthUri: totpKeyUri(user.email, key) };
    },

    /** The pending key becomes the user's second factor only once a code from it is entered. */
    async confirmTotpSetup(session: AuthSession, code: string): Promise<string[] | null> {
      const row = await db.selectFrom('users').select('totp_pending_key').where('id', '=', session.userId).executeTakeFirstOrThrow();
      if (!row.totp_pending_key) return null;
      const step = matchTotpStep(new Uint8Array(row.totp_pending_key), code.trim(), now().getTime());
      if (step === undefined) return null;
      const codes = generateRecoveryCodes();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ totp_key: row.totp_pending_key, totp_pending_key: null, totp_last_step: String(step) })
          .where('id', '=', session.userId)
          .execute();
        await trx.deleteFrom('recovery_codes').where('user_id', '=', session.userId).execute();
        await trx.insertInto('recovery_codes').values(codes.map((c) => ({ user_id: session.userId, code_hash: Buffer.from(hashRecoveryCode(c)), used_at: null }))).execute();
        await trx.updateTable('sessions').set({ two_factor_verified: true }).where('id', '=', session.id).execute();
      });
      cache?.dropUser(session.userId);
      return codes;
    },

    async signOut(sessionId: string): Promise<void> {
      const ended = await db.deleteFrom('sessions').where('id', '=', sessionId).returning('user_id').executeTakeFirst();
      if (ended) cache?.dropUser(ended.user_id);
    },
    async signOutEverywhere(userId: string): Promise<void> {
      await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
      cache?.dropUser(userId);
    },
    async listSessions(userId: string) {
      return db.selectFrom('sessions').select(['id', 'created_at', 'last_used_at', 'user_agent']).where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
    },
    async endSession(userId: string, sessionId: string): Promise<boolean> {
      const r = await db.deleteFrom('sessions').where('id', '=', sessionId).where('user_id', '=', userId).executeTakeFirst();
      cache?.dropUser(userId);
      return Number(r.numDeletedRows) === 1;
    },

    /** Whether a consultant's session may enter tenants: a second factor is required outside demo mode. */
    consultantSessionAllowed(user: AuthUser, session: AuthSession): boolean {
      if (session.twoFactorVerified && user.twoFactorEnabled) return true;
      return config.demoMode && !user.twoFactorEnabled;
    },

    async memberships(userId: string) {
      return db
        .selectFrom('memberships as m')
        .innerJoin('tenants as t', 't.id', 'm.tenant_id')
        .select(['t.id as tenantId', 't.slug', 't.name', 't.industry', 'm.role'])
        .where('m.user_id', '=', userId)
        .orderBy('t.slug')
        .execute();
    },

    async grants(userId: string) {
      return db
        .selectFrom('consultant_grants as g')
        .innerJoin('tenants as t', 't.id', 'g.tenant_id')
        .select(['g.id as grantId', 't.id as tenantId', 't.slug', 't.name', 't.industry', 'g.granted_at as grantedAt'])
        .where('g.consultant_id', '=', userId)
        .where('g.revoked_at', 'is', null)
        .orderBy('t.slug')
        .execute();
    },

    /** A consultant may enter a tenant only through a grant; every grant is in the platform audit log. */
    async grantConsultant(input: { tenantId: string; consultantEmail: string; grantedBy: { id: string | null; label: string } }) {
      const consultant = await db.selectFrom('users').select(['id', 'platform_role']).where('email', '=', normalizeEmail(input.consultantEmail)).executeTakeFirst();
      if (!consultant || consultant.platform_role !== 'consultant') return { ok: false as const, reason: 'not_a_consultant' as const };
      const row = await db
        .insertInto('consultant_grants')
        .values({ consultant_id: consultant.id, tenant_id: input.tenantId, granted_by: input.grantedBy.label })
        .onConflict((oc) => oc.columns(['consultant_id', 'tenant_id']).where('revoked_at', 'is', null).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) {
        const existing = await db.selectFrom('consultant_grants').select('id').where('consultant_id', '=', consultant.id).where('tenant_id', '=', input.tenantId).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
        return { ok: true as const, grantId: existing.id, created: false };
      }
      cache?.dropUser(consultant.id);
      await recordPlatformAudit(db, { actorId: input.grantedBy.id, actor: input.grantedBy.label, action: 'consultant_grant.created', tenantId: input.tenantId, details: { grantId: row.id, consultantId: consultant.id } });
      return { ok: true as const, grantId: row.id, created: true };
    },

    async revokeGrant(input: { tenantId: string; grantId: string; revokedBy: { id: string | null; label: string } }): Promise<boolean> {
      const r = await db
        .updateTable('consultant_grants')
        .set({ revoked_at: now(), revoked_by: input.revokedBy.label })
        .where('id', '=', input.grantId)
        .where('tenant_id', '=', input.tenantId)
        .where('revoked_at', 'is', null)
        .returning('consultant_id')
        .executeTakeFirst();
      const done = r !== undefined;
      if (r) cache?.dropUser(r.consultant_id);
      if (done) await recordPlatformAudit(db, { actorId: input.revokedBy.id, actor: input.revokedBy.label, action: 'consultant_grant.revoked', tenantId: input.tenantId, details: { grantId: input.grantId } });
      return done;
    },

    async tenantGrants(tenantId: string) {
      return db
        .selectFrom('consultant_grants as g')
        .innerJoin('users as u', 'u.id', 'g.consultant_id')
        .select(['g.id', 'u.email', 'u.name', 'g.granted_by as grantedBy', 'g.granted_at as grantedAt'])
        .where('g.tenant_id', '=', tenantId)
        .where('g.revoked_at', 'is', null)
        .execute();
    },

    async ensureMembership(userId: string, tenantId: string, role: TenantRole): Promise<void> {
      await db
        .insertInto('memberships')
        .values({ user_id: userId, tenant_id: tenantId, role })
        .onConflict((oc) => oc.columns(['user_id', 'tenant_id']).doUpdateSet({ role }).where('memberships.role', '<>', role))
        .execute();
    },

    /** Creates or updates a user; the password is hashed only when the user has none yet. */
    async ensureUser(input: { email: string; name: string; platformRole?: PlatformRole | null; password?: string }): Promise<string> {
      const email = normalizeEmail(input.email);
      const existing = await db.selectFrom('users').select(['id', 'name', 'platform_role', 'password_hash']).where('email', '=', email).executeTakeFirst();
      if (existing) {
        const patch: { name?: string; platform_role?: PlatformRole | null; password_hash?: string } = {};
        if (existing.name !== input.name) patch.name = input.name;
        if (input.platformRole !== undefined && existing.platform_role !== input.platformRole) patch.platform_role = input.platformRole;
        if (!existing.password_hash && input.password) patch.password_hash = await hashPassword(input.password);
        if (Object.keys(patch).length) await db.updateTable('users').set(patch).where('id', '=', existing.id).execute();
        return existing.id;
      }
      // Two provisioning runs may race to create the same user: the loser reads the winner's row.
      const row = await db
        .insertInto('users')
        .values({ email, name: input.name, platform_role: input.platformRole ?? null, password_hash: input.password ? await hashPassword(input.password) : null })
        .onConflict((oc) => oc.column('email').doNothing())
        .returning('id')
        .executeTakeFirst();
      return row?.id ?? (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
