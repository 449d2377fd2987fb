import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError, type LocalizedText } from '../shared/index';

// A migration package: every export file encrypted with AES-256-GCM under a key made for this run
// alone. That run key travels separately, wrapped (AES-256-GCM) under the tenant's transfer key, so
// whoever holds the package alone holds nothing readable. The manifest names each file with its
// plaintext and ciphertext SHA-256, its row count, IV and tag, and is signed with HMAC-SHA256 under
// a key derived from the run key: a changed manifest, a changed byte or the wrong key is refused.
//
// Layout: "LXMIGPK1" | u32 length | {manifest, signature} JSON | the files' ciphertexts in order.

const MAGIC = Buffer.from('LXMIGPK1');
/** Rows above the data in each export: the merged title row and the header row. */
export const PACKAGE_HEADER_ROWS = 2;

export type MigrationFailure = 'package_format' | 'package_wrong_key' | 'package_signature' | 'package_tampered' | 'package_manifest_mismatch';

/** A migration refused; nothing was loaded. */
export class MigrationError extends DomainError {
  constructor(status: 400 | 404 | 409 | 422, code: string, messages: LocalizedText, fields?: Record<string, LocalizedText>) {
    super(status, code, messages, fields);
    this.name = 'MigrationError';
  }
}

const refuse = (code: MigrationFailure, zh: string, en: string) => new MigrationError(422, code, { 'zh-CN': zh, en });

export interface PackageFileEntry {
  name: string;
  rows: number;
  bytes: number;
  sha256: string;
  cipherSha256: string;
  offset: number;
  length: number;
  iv: string;
  tag: string;
}

export interface PackageManifest {
  version: 1;
  runId: string;
  tenantId: string;
  createdAt: string;
  files: PackageFileEntry[];
}

export interface WrappedRunKey {
  runId: string;
  tenantId: string;
  /** First 16 hex of SHA-256 of the transfer key: says which key it needs, reveals nothing. */
  transferKeyId: string;
  wrapped: string;
}

const keyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 16);
const manifestKey = (runKey: Buffer) => Buffer.from(hkdfSync('sha256', runKey, Buffer.alloc(0), 'lianxu migration manifest', 32));
/** Signs a manifest (exported for tests that forge a signed manifest that lies about its files). */
export const signManifest = (runKey: Buffer, manifest: PackageManifest) => sign(runKey, manifest);
const sign = (runKey: Buffer, manifest: PackageManifest) => createHmac('sha256', manifestKey(runKey)).update(JSON.stringify(manifest)).digest('hex');

/** A tenant transfer key: 32 bytes, given as base64. */
export function parseTransferKey(text: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw refuse('package_wrong_key', '传输密钥应为 32 字节（base64）', 'The transfer key must be 32 bytes (base64)');
  return key;
}

export function wrapRunKey(runKey: Buffer, transferKey: Buffer, runId: string, tenantId: string): WrappedRunKey {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', transferKey, iv);
  cipher.setAAD(Buffer.from(`${tenantId}:${runId}`));
  const body = Buffer.concat([cipher.update(runKey), cipher.final()]);
  return { runId, tenantId, transferKeyId: keyId(transferKey), wrapped: Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64') };
}

export function unwrapRunKey(wrapped: WrappedRunKey, transferKey: Buffer): Buffer {
  const raw = Buffer.from(wrapped.wrapped, 'base64');
  const fail = () => refuse('package_wrong_key', '密钥无法打开这个迁移包（不是为该租户或该批次生成的）', 'The key does not open this package (it was not made for this tenant or this run)');
  if (raw.length !== 12 + 32 + 16 || wrapped.transferKeyId !== keyId(transferKey)) throw fail();
  try {
    const decipher = createDecipheriv('aes-256-gcm', transferKey, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(`${wrapped.tenantId}:${wrapped.runId}`));
    decipher.setAuthTag(raw.subarray(44));
    return Buffer.concat([decipher.update(raw.subarray(12, 44)), decipher.final()]);
  } catch {
    throw fail();
  }
}

function hashing(onDone: (digest: string, bytes: number, newlines: number) => void) {
  const hash = createHash('sha256');
  let bytes = 0;
  let newlines = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines += 1;
      done(null, chunk);
    },
    flush(done) {
      onDone(hash.digest('hex'), bytes, newlines);
      done();
    },
  });
}

/**
 * Packs export files (CSV, two header rows) into `out` and writes the wrapped run key to `keyOut`.
 * Streams every file: nothing is held whole.
 */
export async function packMigration(input: { files: string[]; out: string; keyOut: string; tenantId: string; transferKey: Buffer }): Promise<PackageManifest> {
  const runKey = randomBytes(32);
  const runId = randomUUID();
  const body = `${input.out}.body`;
  const sink = createWriteStream(body);
  const entries: PackageFileEntry[] = [];
  let offset = 0;
  for (const file of input.files) {
    const iv = randomBytes(12);
    const name = path.basename(file);
    const cipher = createCipheriv('aes-256-gcm', runKey, iv);
    cipher.setAAD(Buffer.from(`${runId}:${name}`));
    const entry = { name, iv: iv.toString('base64'), offset } as PackageFileEntry;
    await pipeline(
      createReadStream(file),
      hashing((sha, bytes, newlines) => Object.assign(entry, { sha256: sha, bytes, rows: Math.max(0, newlines - PACKAGE_HEADER_ROWS) })),
      cipher,
      hashing((sha, bytes) => Object.assign(entry, { cipherSha256: sha, length: bytes })),
      sink,
      { end: false },
    );
    entry.tag = cipher.getAuthTag().toString('base64');
    offset += entry.length;
    entries.push(entry);
  }
  await new Promise<void>((resolve, reject) => sink.end((error?: Error | null) => (error ? reject(error) : resolve())));
  const manifest: PackageManifest = { version: 1, runId, tenantId: input.tenantId, createdAt: new Date().toISOString(), files: entries };
  const head = Buffer.from(JSON.stringify({ manifest, signature: sign(runKey, manifest) }));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(head.length);
  const out = createWriteStream(input.out);
  out.write(Buffer.concat([MAGIC, length, head]));
  await pipeline(createReadStream(body), out);
  await (await import('node:fs/promises')).rm(body);
  await writeFile(input.keyOut, JSON.stringify(wrapRunKey(runKey, input.transferKey, runId, input.tenantId)), { mode: 0o600 });
  return manifest;
}

export interface OpenedPackage {
  manifest: PackageManifest;
  /** The plaintext of one file, decrypted as it is read; errors at the end if its tag or hash fails. */
  openFile(name: string): Readable;
}

/**
 * Opens a package: checks the key, the manifest's signature and every ciphertext's hash (one
 * streamed pass) before a single row is decrypted. The row count and the plaintext hash are checked
 * while reading (see `openFile`); the loader commits only after the stream ended cleanly.
 */
export async function openMigrationPackage(
  input: { file: string; tenantId: string } & ({ wrappedKey: WrappedRunKey; transferKey: Buffer } | { runId: string; runKey: Buffer }),
): Promise<OpenedPackage> {
  const handle = await open(input.file, 'r');
  let headLength: number;
  let parsed: { manifest: PackageManifest; signature: string };
  try {
    const prefix = Buffer.alloc(12);
    await handle.read(prefix, 0, 12, 0);
    if (!prefix.subarray(0, 8).equals(MAGIC)) throw refuse('package_format', '这不是连续的迁移包', 'This is not a Lianxu migration package');
    headLength = prefix.readUInt32BE(8);
    if (headLength > 16 * 1024 * 1024) throw refuse('package_format', '迁移包的清单已损坏', 'The package manifest is damaged');
    const head = Buffer.alloc(headLength);
    await handle.read(head, 0, headLength, 12);
    try {
      parsed = JSON.parse(head.toString('utf8'));
    } catch {
      throw refuse('package_tampered', '迁移包的清单已被改动或损坏', 'The package manifest was altered or is damaged');
    }
  } finally {
    await handle.close();
  }
  const { manifest, signature } = parsed;
  // The worker holds the run key itself (sealed on the run while a load runs); the API the wrapped key and the transfer key.
  const keyRun = 'runKey' in input ? input.runId : input.wrappedKey.runId;
  if (keyRun !== manifest.runId || manifest.tenantId !== input.tenantId || ('wrappedKey' in input && input.wrappedKey.tenantId !== input.tenantId))
    throw refuse('package_wrong_key', '密钥与迁移包不属于同一批次或同一租户', 'The key and the package belong to different runs or tenants');
  const runKey = 'runKey' in input ? input.runKey : unwrapRunKey(input.wrappedKey, input.transferKey);
  const expected = Buffer.from(sign(runKey, manifest), 'hex');
  const given = Buffer.from(String(signature), 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    throw refuse('package_signature', '迁移包清单的签名不符：清单被改动过', 'The manifest signature does not match: the manifest was altered');
  const base = 12 + headLength;
  const size = (await stat(input.file)).size;
  const total = manifest.files.reduce((s, f) => s + f.length, 0);
  if (size !== base + total) throw refuse('package_tampered', '迁移包的长度与清单不符：文件被截断或附加了内容', 'The package length does not match its manifest: it was cut short or added to');
  for (const f of manifest.files) {
    let digest = '';
    await pipeline(createReadStream(input.file, { start: base + f.offset, end: base + f.offset + f.length - 1 }), hashing((sha) => (digest = sha)), async function* (source) {
      for await (const _ of source) void _;
    });
    if (digest !== f.cipherSha256)
      throw refuse('package_tampered', `文件“${f.name}”的内容被改动过（哈希不符）`, `File "${f.name}" was altered (its hash does not match)`);
  }
  return {
    manifest,
    openFile(name) {
      const f = manifest.files.find((x) => x.name === name);
      if (!f) throw refuse('package_manifest_mismatch', `迁移包中没有文件“${name}”`, `The package has no file "${name}"`);
      const decipher = createDecipheriv('aes-256-gcm', runKey, Buffer.from(f.iv, 'base64'));
      decipher.setAAD(Buffer.from(`${manifest.runId}:${f.name}`));
      decipher.setAuthTag(Buffer.from(f.tag, 'base64'));
      const check = hashing((sha, _bytes, newlines) => {
        if (sha !== f.sha256 || newlines - PACKAGE_HEADER_ROWS !== f.rows)
          check.destroy(refuse('package_manifest_mismatch', `文件“${f.name}”与清单不符（行数或哈希）`, `File "${f.name}" does not match the manifest (row count or hash)`));
      });
      const source = createReadStream(input.file, { start: base + f.offset, end: base + f.offset + f.length - 1 });
      const guarded = new Transform({
        transform(chunk, _e, done) {
          try {
            done(null, decipher.update(chunk));
          } catch {
            done(refuse('package_tampered', `文件“${f.name}”无法解密`, `File "${f.name}" cannot be decrypted`));
          }
        },
        flush(done) {
          try {
            done(null, decipher.final());
          } catch {
            done(refuse('package_tampered', `文件“${f.name}”的认证标签不符：内容被改动过`, `File "${f.name}" fails its authentication tag: it was altered`));
          }
        },
      });
      source.on('error', (e) => guarded.destroy(e));
      guarded.on('error', (e) => check.destroy(e));
      return source.pipe(guarded).pipe(check);
    },
  };
}
