import pg from 'pg';
import { AUTH_CHANGED_CHANNEL } from '@lianxu/db';

export interface SessionCacheOptions {
  /** How long a validated lookup may be reused at most, even if no change is announced. */
  ttlMs?: number;
  /** Entries kept at most; the oldest go first. */
  maxEntries?: number;
}

interface Entry<V> {
  value: V;
  userId: string;
  sessionId: string;
  storedAt: number;
}

/**
 * Session lookups (the session row with the caller's access to one tenant) kept for a few seconds,
 * so a tenant request needs no database round trip to check its session. It is used only while
 * `live`, that is while a listener hears the database's change announcements (see
 * `listenForAuthChanges`): every change to sessions, users, memberships, grants or tenants drops
 * the entries of the user concerned, in every process, once committed. The token's secret is
 * still compared with the stored hash, and expiry and inactivity still checked, on every request.
 *
 * A lookup that was in flight while anything was dropped is not stored (`generation`), so an
 * answer read before a revocation can never outlive it.
 */
export class SessionCache<V> {
  live = false;
  /** Bumped on every drop; a lookup stores its answer only if none happened while it ran. */
  generation = 0;
  private readonly entries = new Map<string, Entry<V>>();
  private readonly keysByUser = new Map<string, Set<string>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(options: SessionCacheOptions = {}, private readonly now: () => number = Date.now) {
    this.ttlMs = options.ttlMs ?? 10_000;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  get(key: string): V | undefined {
    if (!this.live) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.storedAt >= this.ttlMs) {
      this.remove(key, entry);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, ids: { userId: string; sessionId: string }, generation: number): void {
    if (!this.live || generation !== this.generation) return;
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    if (this.entries.size >= this.maxEntries) {
      const [oldestKey, oldest] = this.entries.entries().next().value!;
      this.remove(oldestKey, oldest);
    }
    this.entries.set(key, { value, ...ids, storedAt: this.now() });
    let keys = this.keysByUser.get(ids.userId);
    if (!keys) this.keysByUser.set(ids.userId, (keys = new Set()));
    keys.add(key);
  }

  /** Drops every entry of a user ('*': of everyone). */
  dropUser(userId: string): void {
    this.generation++;
    if (userId === '*') return this.clear();
    for (const key of this.keysByUser.get(userId) ?? []) this.entries.delete(key);
    this.keysByUser.delete(userId);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.keysByUser.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private remove(key: string, entry: Entry<V>): void {
    this.entries.delete(key);
    const keys = this.keysByUser.get(entry.userId);
    keys?.delete(key);
    if (keys?.size === 0) this.keysByUser.delete(entry.userId);
  }
}

export interface AuthChangeListener {
  close(): Promise<void>;
}

/**
 * Keeps `cache` live while a LISTEN connection hears the database's auth change announcements,
 * dropping the named user's entries on each. When the connection is lost the cache is emptied and
 * switched off at once (every request asks the database again) and the listener reconnects.
 */
export async function listenForAuthChanges(
  connectionString: string,
  cache: SessionCache<unknown>,
  options: { retryMs?: number; applicationName?: string; log?: (message: string, error?: Error) => void } = {},
): Promise<AuthChangeListener> {
  const retryMs = options.retryMs ?? 2000;
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;

  const lost = (error?: Error) => {
    cache.live = false;
    cache.clear();
    const old = client;
    client = null;
    void old?.end().catch(() => undefined);
    if (closed || retry) return;
    options.log?.('session cache off: lost the auth change listener; reconnecting', error);
    retry = setTimeout(() => {
      retry = null;
      void connect().catch((e: unknown) => lost(e as Error));
    }, retryMs);
    retry.unref();
  };

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString, application_name: options.applicationName ?? 'lianxu-auth-listener' });
    next.on('notification', (message) => cache.dropUser(message.payload || '*'));
    next.on('error', (error) => client === next && lost(error));
    next.on('end', () => client === next && lost());
    client = next;
    await next.connect();
    await next.query(`listen ${AUTH_CHANGED_CHANNEL}`);
    if (closed) return void (await next.end().catch(() => undefined));
    // Anything cached before (nothing, or entries from before a lost connection) is forgotten.
    cache.clear();
    cache.live = true;
  }

  await connect().catch((error: unknown) => lost(error as Error));
  return {
    async close() {
      closed = true;
      cache.live = false;
      cache.clear();
      if (retry) clearTimeout(retry);
      const old = client;
      client = null;
      await old?.end().catch(() => undefined);
    },
  };
}
