import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TenantSpec } from './tenant-spec';
import { discoverPlugins } from '../plugins/index';
import { parseTenantFile, type TenantFileContext } from './tenant-file.schema';

/**
 * Reads every tenants/<slug>/tenant.yaml below `dir`; a file whose slug differs from its folder is
 * an error. Plugins' sections are checked against the installed plugins (default: discovered).
 */
export async function loadTenantFiles(dir: string, context: TenantFileContext = {}): Promise<{ file: string; spec: TenantSpec }[]> {
  if (!context.plugins) context = { ...context, plugins: await discoverPlugins() };
  const entries = await readdir(dir, { withFileTypes: true });
  const out: { file: string; spec: TenantSpec }[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(dir, entry.name, 'tenant.yaml');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    const spec = parseTenantFile(text, path.relative(process.cwd(), file), context);
    if (spec.slug !== entry.name) throw new Error(`${file}: slug "${spec.slug}" must equal its folder name "${entry.name}"`);
    out.push({ file, spec });
  }
  return out;
}
