import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MigrationError } from './migration.errors';
import { expandWorkbooks } from './migration.xlsx';

// A migration package: every export file encrypted with AES-256-GCM under a key made for this run
// alone. That run key travels separately, wrapped (AES-256-GCM) under the tenant's transfer key, so
// whoever holds the package alone holds nothing readable. The manifest names each file with its
// plaintext and ciphertext SHA-256, its row count, IV and tag, and the id of the tenant's transfer
// key; it is signed with HMAC-SHA256 under a key derived from that transfer key (version 2), so the
// server checks the signature with the tenant's registered key before, and independently of, the
// data key: a package signed with another tenant's key, a changed manifest, a changed byte or the
// wrong key is refused, naming what failed. Version 1 packages (signed under the run key) still open.
//
// Layout: "LXMIGPK1" | u32 length | {manifest, signature} JSON | the files' ciphertexts in order.

const MAGIC = Buffer.from('LXMIGPK1');
/** Rows above the data in each export: the merged title row and the header row. */
export const PACKAGE_HEADER_ROWS = 2;

export type MigrationFailure = 'package_format' | 'package_wrong_key' | 'package_signature' | 'package_tampered' | 'package_manifest_mismatch';

export { MigrationError };

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
  /** 1: signed under the run key; 2: signed under the transfer key named by `transferKeyId`. */
  version: 1 | 2;
  runId: string;
  tenantId: string;
  /** Version 2: the id of the tenant transfer key that signed the manifest (and wraps the run key). */
  transferKeyId?: string;
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

/** A transfer key's id: first 16 hex of its SHA-256 (says which key, reveals nothing). */
export const transferKeyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 16);
const keyId = transferKeyId;
const manifestKey = (key: Buffer, version: 1 | 2) =>
  Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), version === 1 ? 'lianxu migration manifest' : 'lianxu migration manifest signature v2', 32));
/**
 * Signs a manifest: version 2 with the tenant's transfer key, version 1 with the run key (exported
 * for tests that forge a signed manifest that lies about its files).
 */
export const signManifest = (key: Buffer, manifest: PackageManifest) => sign(key, manifest);
const sign = (key: Buffer, manifest: PackageManifest) => createHmac('sha256', manifestKey(key, manifest.version)).update(JSON.stringify(manifest)).digest('hex');
const sameSignature = (key: Buffer, manifest: PackageManifest, signature: unknown) => {
  const expected = Buffer.from(sign(key, manifest), 'hex');
  const given = Buffer.from(String(signature), 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
};

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
 * Packs export files (CSV, two header rows; or .xlsx workbooks, each sheet packed as the CSV file
 * of its name) into `out` and writes the wrapped run key to `keyOut`. Streams every file: nothing
 * is held whole.
 */
export async function packMigration(input: { files: string[]; out: string; keyOut: string; tenantId: string; transferKey: Buffer }): Promise<PackageManifest> {
  const sheets = input.files.some((f) => /\.xlsx$/i.test(f)) ? await mkdtemp(path.join(os.tmpdir(), 'lianxu-pack-')) : null;
  try {
    return await packFiles({ ...input, files: sheets ? await expandWorkbooks(input.files, sheets) : input.files });
  } finally {
    if (sheets) await rm(sheets, { recursive: true, force: true });
  }
}

async function packFiles(input: { files: string[]; out: string; keyOut: string; tenantId: string; transferKey: Buffer }): Promise<PackageManifest> {
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
  const manifest: PackageManifest = { version: 2, runId, tenantId: input.tenantId, transferKeyId: keyId(input.transferKey), createdAt: new Date().toISOString(), files: entries };
  const head = Buffer.from(JSON.stringify({ manifest, signature: sign(input.transferKey, manifest) }));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(head.length);
  const out = createWriteStream(input.out);
  out.write(Buffer.concat([MAGIC, length, head]));
  await pipeline(createReadStream(body), out);
  await rm(body);
  await writeFile(input.keyOut, JSON.stringify(wrapRunKey(runKey, input.transferKey, runId, input.tenantId)), { mode: 0o600 });
  return manifest;
}

export interface OpenedPackage {
  manifest: PackageManifest;
  /** The plaintext of one file, decrypted as it is read; errors at the end if its tag or hash fails. */
  openFile(name: string): Readable;
}

/** The package's head: its manifest, signature and length, read without any key. */
export async function readPackageHead(file: string): Promise<{ manifest: PackageManifest; signature: string; headLength: number }> {
  const handle = await open(file, 'r');
  try {
    const prefix = Buffer.alloc(12);
    await handle.read(prefix, 0, 12, 0);
    if (!prefix.subarray(0, 8).equals(MAGIC)) throw refuse('package_format', '这不是连续的迁移包', 'This is not a Lianxu migration package');
    const headLength = prefix.readUInt32BE(8);
    if (headLength > 16 * 1024 * 1024) throw refuse('package_format', '迁移包的清单已损坏', 'The package manifest is damaged');
    const head = Buffer.alloc(headLength);
    await handle.read(head, 0, headLength, 12);
    let parsed: { manifest?: PackageManifest; signature?: string };
    try {
      parsed = JSON.parse(head.toString('utf8'));
    } catch {
      throw refuse('package_tampered', '迁移包的清单已被改动或损坏', 'The package manifest was altered or is damaged');
    }
    const m = parsed.manifest;
    if (!m || (m.version !== 1 && m.version !== 2) || !Array.isArray(m.files) || typeof parsed.signature !== 'string')
      throw refuse('package_format', '迁移包的清单格式不对（版本或字段缺失）', 'The package manifest has an unknown version or lacks fields');
    return { manifest: m, signature: parsed.signature, headLength };
  } finally {
    await handle.close();
  }
}

/**
 * Checks a version 2 manifest against the tenant and its transfer key, with no data key: the
 * tenant, the transfer key's id, then the signature. A version 1 manifest (signed under the run
 * key) passes here and is checked by `openMigrationPackage`.
 */
export function checkManifestSignature(manifest: PackageManifest, signature: string, tenantId: string, transferKey: Buffer): void {
  if (manifest.tenantId !== tenantId)
    throw refuse('package_wrong_key', '这个迁移包是为另一个租户生成的', 'This package was made for another tenant');
  if (manifest.version === 1) return;
  if (manifest.transferKeyId !== keyId(transferKey))
    throw refuse('package_wrong_key', `迁移包由传输密钥 ${String(manifest.transferKeyId)} 签名，而该租户的传输密钥编号为 ${keyId(transferKey)}：密钥编号不符（用了别的租户或过期的密钥）`,
      `The package was signed with transfer key ${String(manifest.transferKeyId)}, but this tenant's transfer key id is ${keyId(transferKey)}: the key id does not match (another tenant's or an old key)`);
  if (!sameSignature(transferKey, manifest, signature))
    throw refuse('package_signature', '迁移包清单的签名不符：清单在签名后被改动过，或不是用该租户的传输密钥签名的', "The manifest signature does not match: the manifest was altered after signing, or not signed with this tenant's transfer key");
}

/**
 * Opens a package: checks the tenant, the key, the manifest's signature and every ciphertext's hash
 * (one streamed pass) before a single row is decrypted. The row count and the plaintext hash are
 * checked while reading (see `openFile`); the loader commits only after the stream ended cleanly.
 * A version 2 manifest needs the tenant's transfer key (the worker passes it beside the run key).
 */
export async function openMigrationPackage(
  input: { file: string; tenantId: string } & ({ wrappedKey: WrappedRunKey; transferKey: Buffer } | { runId: string; runKey: Buffer; transferKey?: Buffer }),
): Promise<OpenedPackage> {
  const { manifest, signature, headLength } = await readPackageHead(input.file);
  // The worker holds the run key itself (sealed on the run while a load runs); the API the wrapped key and the transfer key.
  const keyRun = 'runKey' in input ? input.runId : input.wrappedKey.runId;
  if (keyRun !== manifest.runId || manifest.tenantId !== input.tenantId || ('wrappedKey' in input && input.wrappedKey.tenantId !== input.tenantId))
    throw refuse('package_wrong_key', '密钥与迁移包不属于同一批次或同一租户', 'The key and the package belong to different runs or tenants');
  if (manifest.version === 2) {
    if (!input.transferKey)
      throw refuse('package_signature', '没有传输密钥，无法核对迁移包清单的签名', 'The manifest signature cannot be checked without the transfer key');
    checkManifestSignature(manifest, signature, input.tenantId, input.transferKey);
  }
  const runKey = 'runKey' in input ? input.runKey : unwrapRunKey(input.wrappedKey, input.transferKey);
  if (manifest.version === 1 && !sameSignature(runKey, manifest, signature))
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
      throw refuse('package_tampered', `文件“${f.name}”的内容被改动过（文件哈希与清单不符）`, `File "${f.name}" was altered (its file hash does not match the manifest)`);
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
        if (newlines - PACKAGE_HEADER_ROWS !== f.rows)
          check.destroy(refuse('package_manifest_mismatch', `文件“${f.name}”的行数与清单不符（清单 ${f.rows} 行，实际 ${newlines - PACKAGE_HEADER_ROWS} 行）`,
            `File "${f.name}" does not match the manifest's row count (${f.rows} listed, ${newlines - PACKAGE_HEADER_ROWS} read)`));
        else if (sha !== f.sha256)
          check.destroy(refuse('package_manifest_mismatch', `文件“${f.name}”与清单不符（文件哈希）`, `File "${f.name}" does not match the manifest (its file hash)`));
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
