import type { Kysely } from 'kysely';
import type { Database } from '@lianxu/db';

/** Platform-level audit entries (grants, revocations, consultant access, sign-ins): names and ids only. */
export async function recordPlatformAudit(
  db: Kysely<Database>,
  entry: { actorId: string | null; actor: string; action: string; tenantId?: string | null; details?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('platform_audit')
    .values({ actor_id: entry.actorId, actor: entry.actor, action: entry.action, tenant_id: entry.tenantId ?? null, details: JSON.stringify(entry.details ?? {}) })
    .execute();
}
