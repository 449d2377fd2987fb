import type { Kysely } from 'kysely';
import { withTenant, type Database } from '@lianxu/db';
import type { PersonalDataVault } from '../shared/index';
import { transferKeyId } from './migration.package';

// The registry of transfer keys: each tenant has one, made at random the first time it is asked for
// and stored wrapped by the master key (the vault's `data_keys`), never in plain text. `pack` signs
// the manifest and wraps the run key with it and writes its id into the manifest; the API checks
// a package against the key registered for the tenant, so a package signed with another tenant's
// key is refused by its key id before any data key is touched. Consultants fetch the key through
// POST /api/t/{tenant}/migrations/transfer-key (or `lianxu migrations pack` does it for them).

const NAME = 'migration-transfer-1';

export interface TenantTransferKey {
  tenantId: string;
  keyId: string;
  key: Buffer;
}

/** The tenant's transfer key, made on first use. */
export async function tenantTransferKey(deps: { db: Kysely<Database>; vault: PersonalDataVault }, tenantId: string): Promise<TenantTransferKey> {
  const key = await withTenant(deps.db, tenantId, (trx) => deps.vault.tenantSecret(trx, tenantId, NAME));
  return { tenantId, keyId: transferKeyId(key), key };
}
