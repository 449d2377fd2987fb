import type { Kysely } from 'kysely';
import type { Database } from '@lianxu/db';

/** One limit: at most `max` failures per key within `windowMs`. */
export interface AttemptLimit {
  max: number;
  windowMs: number;
}

export type LimitVerdict = { blocked: false } | { blocked: true; retryAfterSeconds: number };

/**
 * Failed attempts (sign-in, second factor, invitation accept) counted in the database, so every API
 * process sees the same count and a restart forgets nothing. Keys name the scope and the subject,
 * for example `account:a@b.cn`, `address:203.0.113.9`, `second-factor:<user id>`,
 * `invitation:<address>`. The table keeps only failures younger than the longest window in use.
 */
export function createAttemptLimiter(db: Kysely<Database>, now: () => Date = () => new Date()) {
  let longestWindowMs = 0;

  return {
    /** Blocked when any key has reached its limit; `retryAfterSeconds` says when the oldest counted failure expires. */
    async check(entries: { key: string; limit: AttemptLimit }[]): Promise<LimitVerdict> {
      const at = now().getTime();
      const rows = await Promise.all(
        entries.map(({ key, limit }) => {
          longestWindowMs = Math.max(longestWindowMs, limit.windowMs);
          return db
            .selectFrom('sign_in_failures')
            .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.min('at').as('oldest')])
            .where('key', '=', key)
            .where('at', '>', new Date(at - limit.windowMs))
            .executeTakeFirstOrThrow();
        }),
      );
      let retryAfterMs = 0;
      rows.forEach((row, i) => {
        const { limit } = entries[i]!;
        if (Number(row.n) >= limit.max) {
          const oldest = row.oldest ? new Date(row.oldest as Date).getTime() : at;
          retryAfterMs = Math.max(retryAfterMs, oldest + limit.windowMs - at);
        }
      });
      return retryAfterMs > 0 ? { blocked: true, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) } : { blocked: false };
    },

    /** Counts one failure for each key. */
    async fail(keys: string[]): Promise<void> {
      if (keys.length === 0) return;
      await db.insertInto('sign_in_failures').values(keys.map((key) => ({ key, at: now() }))).execute();
      // Keep the table small: now and then, forget failures older than every window in use.
      if (longestWindowMs > 0 && Math.random() < 0.05) {
        await db.deleteFrom('sign_in_failures').where('at', '<', new Date(now().getTime() - longestWindowMs)).execute();
      }
    },
  };
}

export type AttemptLimiter = ReturnType<typeof createAttemptLimiter>;

/** Second-factor guesses per user: a stolen password plus a TOTP guessing loop stays bounded. */
export const SECOND_FACTOR_LIMIT: AttemptLimit = { max: 10, windowMs: 15 * 60_000 };
/** Failed invitation accepts per client address. */
export const INVITATION_ACCEPT_LIMIT: AttemptLimit = { max: 20, windowMs: 15 * 60_000 };
