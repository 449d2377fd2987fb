import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '@lianxu/db';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The data key id new values are written under; rotation adds 'dk2' and re-encrypts in the background. */
const CURRENT_DATA_KEY = 'dk1';

function seal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function open(key: Buffer, sealed: Buffer, aad: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

/** Parses LIANXU_MASTER_KEY: 32 random bytes as base64 or hex. */
export function parseMasterKey(value: string): Buffer {
  const trimmed = value.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error('LIANXU_MASTER_KEY must be 32 bytes, base64 or hex encoded (for example `openssl rand -base64 32`)');
  return key;
}

/**
 * Encrypts personal identifiers at rest. Each tenant has its own data key (AES-256-GCM), stored
 * wrapped by the master key in `data_keys`; the key id is kept beside every value. A keyed
 * HMAC-SHA256 blind index, with a per-tenant key derived from the master key, finds a person by ID
 * number without decrypting anything. Ciphertexts are bound to their tenant (GCM associated data).
 *
 * @example
 * const vault = createPersonalDataVault(parseMasterKey(process.env.LIANXU_MASTER_KEY!));
 * const { cipher, keyId } = await vault.encrypt(trx, tenantId, '11010519491231002X');
 */
export function createPersonalDataVault(masterKey: Buffer) {
  const masterKeyId = `mk-${createHash('sha256').update(masterKey).digest('hex').slice(0, 12)}`;
  const dataKeys = new Map<string, Buffer>();
  const indexKeys = new Map<string, Buffer>();

  async function dataKey(db: Kysely<Database>, tenantId: string, keyId: string, create: boolean): Promise<Buffer> {
    const cacheKey = `${tenantId}/${keyId}`;
    const cached = dataKeys.get(cacheKey);
    if (cached) return cached;
    let row = await db.selectFrom('data_keys').select(['wrapped_key', 'master_key_id']).where('tenant_id', '=', tenantId).where('key_id', '=', keyId).executeTakeFirst();
    if (!row && create) {
      const fresh = seal(masterKey, randomBytes(32), `${tenantId}/${keyId}`);
      await db.insertInto('data_keys').values({ tenant_id: tenantId, key_id: keyId, wrapped_key: fresh, master_key_id: masterKeyId })
        .onConflict((oc) => oc.columns(['tenant_id', 'key_id']).doNothing()).execute();
      row = await db.selectFrom('data_keys').select(['wrapped_key', 'master_key_id']).where('tenant_id', '=', tenantId).where('key_id', '=', keyId).executeTakeFirstOrThrow();
    }
    if (!row) throw new Error(`data key ${keyId} of this tenant is missing`);
    if (row.master_key_id !== masterKeyId) throw new Error(`data key ${keyId} is wrapped by master key ${row.master_key_id}, not the configured ${masterKeyId}`);
    const key = open(masterKey, row.wrapped_key, `${tenantId}/${keyId}`);
    dataKeys.set(cacheKey, key);
    return key;
  }

  return {
    masterKeyId,
    /** Runs inside the caller's withTenant transaction (the data key row is a tenant row). */
    async encrypt(db: Kysely<Database>, tenantId: string, plaintext: string): Promise<{ cipher: Buffer; keyId: string }> {
      const key = await dataKey(db, tenantId, CURRENT_DATA_KEY, true);
      return { cipher: seal(key, Buffer.from(plaintext, 'utf8'), tenantId), keyId: CURRENT_DATA_KEY };
    },
    async decrypt(db: Kysely<Database>, tenantId: string, cipher: Buffer, keyId: string): Promise<string> {
      const key = await dataKey(db, tenantId, keyId, false);
      return open(key, cipher, tenantId).toString('utf8');
    },
    /**
     * A named 32-byte secret of the tenant (the data migration's transfer key), made at random on
     * first use and kept like the data keys: wrapped by the master key in `data_keys`. Inside withTenant.
     */
    async tenantSecret(db: Kysely<Database>, tenantId: string, name: string): Promise<Buffer> {
      return dataKey(db, tenantId, `secret:${name}`, true);
    },
    /** The keyed blind index of a normalized ID number: equal inputs give equal bytes, per tenant. */
    blindIndex(tenantId: string, idNumber: string): Buffer {
      let key = indexKeys.get(tenantId);
      if (!key) {
        key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.from(tenantId), 'lianxu/id-number-blind-index/v1', 32));
        indexKeys.set(tenantId, key);
      }
      return createHmac('sha256', key).update(idNumber).digest();
    },
  };
}

export type PersonalDataVault = ReturnType<typeof createPersonalDataVault>;
