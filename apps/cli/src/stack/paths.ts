import path from 'node:path';

/** The repository root (apps/cli/src/stack -> ../../../..). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');
export const DATA_DIR = process.env.LIANXU_DATA_DIR ? path.resolve(process.env.LIANXU_DATA_DIR) : path.join(REPO_ROOT, '.data');
export const RUNTIME_FILE = path.join(DATA_DIR, 'runtime.json');
export const SECRETS_FILE = path.join(DATA_DIR, 'secrets.json');
// LIANXU_TENANTS_DIR: another folder of tenant files (a test starts the stack with none).
export const TENANTS_DIR = process.env.LIANXU_TENANTS_DIR ? path.resolve(process.env.LIANXU_TENANTS_DIR) : path.join(REPO_ROOT, 'tenants');
export const WEB_DIST_DIR = path.join(REPO_ROOT, 'apps/web/dist');
