import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RUNTIME_FILE } from './paths';

/** What a running `npm start` tells other commands (`lianxu tenants apply`, ...) about itself. */
export interface RuntimeInfo {
  pid: number;
  apiUrl: string;
  appDatabaseUrl: string;
  ownerDatabaseUrl?: string;
  temporalAddress: string;
  temporalUiUrl?: string;
}

export async function writeRuntimeFile(info: RuntimeInfo): Promise<void> {
  await mkdir(path.dirname(RUNTIME_FILE), { recursive: true });
  // It holds database credentials: readable by its owner only.
  await writeFile(RUNTIME_FILE, JSON.stringify(info, null, 2), { mode: 0o600 });
  process.once('exit', () => rmSync(RUNTIME_FILE, { force: true }));
}

export async function removeRuntimeFile(): Promise<void> {
  await rm(RUNTIME_FILE, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The running stack, if `npm start` is up. */
export function readRuntimeFile(): RuntimeInfo | undefined {
  if (!existsSync(RUNTIME_FILE)) return undefined;
  const info = JSON.parse(readFileSync(RUNTIME_FILE, 'utf8')) as RuntimeInfo;
  return alive(info.pid) ? info : undefined;
}

/** Database and Temporal of the running stack, or from DATABASE_URL / TEMPORAL_ADDRESS. */
export function resolveConnections(): { appDatabaseUrl: string; ownerDatabaseUrl?: string; temporalAddress: string } {
  const running = readRuntimeFile();
  const appDatabaseUrl = process.env.DATABASE_URL ?? running?.appDatabaseUrl;
  const temporalAddress = process.env.TEMPORAL_ADDRESS ?? running?.temporalAddress;
  if (!appDatabaseUrl || !temporalAddress) {
    throw new Error('Lianxu is not running. Start it with `npm start`, or set DATABASE_URL and TEMPORAL_ADDRESS.');
  }
  return { appDatabaseUrl, ownerDatabaseUrl: process.env.MIGRATION_DATABASE_URL ?? running?.ownerDatabaseUrl, temporalAddress };
}
