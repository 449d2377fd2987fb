import { sql, type Kysely } from 'kysely';
import { withTenant, type Database, type MigrationSignOffRole } from '@lianxu/db';
import { MigrationError } from './migration.package';
import { migrationRunNotFound } from './migration.views';

// Two people sign a validated run off before it goes live: the vendor's implementation consultant
// and the tenant's admin, each for their side. A sign-off is the caller's own (by role); signing
// again replaces it. Loading the run again clears both (a new validation needs new sign-offs).

export const SIGN_OFF_ROLES: readonly MigrationSignOffRole[] = ['consultant', 'tenant_admin'];

export async function signOffMigrationRun(db: Kysely<Database>, tenantId: string, runId: string, by: { role: MigrationSignOffRole; userId: string; email: string }): Promise<void> {
  await withTenant(db, tenantId, async (trx) => {
    const run = await trx.selectFrom('migration_runs').select('status').where('tenant_id', '=', tenantId).where('id', '=', runId).forUpdate().executeTakeFirst();
    if (!run) throw migrationRunNotFound();
    if (run.status !== 'validated')
      throw new MigrationError(409, 'migration_not_validated', { 'zh-CN': '只有校验完成、尚未转入的迁移批次可以签核', en: 'Only a validated run not yet promoted can be signed off' });
    const entry = JSON.stringify({ [by.role]: { userId: by.userId, email: by.email, at: new Date().toISOString() } });
    await trx.updateTable('migration_runs').set({ sign_offs: sql<string>`sign_offs || ${entry}::jsonb` as never, updated_at: sql<string>`now()` as never })
      .where('tenant_id', '=', tenantId).where('id', '=', runId).execute();
  });
}

/** Refuses to promote a validated run that lacks a sign-off (a run already promoting goes on). */
export function assertSignedOff(run: { status: string; sign_offs: Partial<Record<MigrationSignOffRole, unknown>> }): void {
  if (run.status !== 'validated') return;
  const missing = SIGN_OFF_ROLES.filter((r) => !run.sign_offs[r]);
  if (missing.length)
    throw new MigrationError(409, 'migration_not_signed_off', {
      'zh-CN': `转入前需要实施顾问和租户管理员都签核（尚缺：${missing.map((r) => (r === 'consultant' ? '实施顾问' : '租户管理员')).join('、')}）`,
      en: `Promotion needs the sign-off of both the consultant and the tenant admin (missing: ${missing.map((r) => (r === 'consultant' ? 'consultant' : 'tenant admin')).join(', ')})`,
    });
}
