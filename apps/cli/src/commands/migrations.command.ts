import { parseArgs } from 'node:util';
import { MigrationError, packMigration, parseTransferKey } from '@lianxu/core';
import type { Command } from './command';
import { fetchTransferKey, migrationsRemote, REMOTE_COMMANDS, REMOTE_USAGE } from './migrations-remote';

const USAGE = `lianxu migrations pack --tenant <tenant> --out <package.lxpkg> <export.csv|export.xlsx>...

Encrypts a legacy export (CSV files with a title row and a header row, or an Excel workbook whose
sheets are those files: each sheet is packed as <sheet name>.csv) with AES-256-GCM under a key made
for this run, and writes the package and, beside it, <package>.key: the run key wrapped under the
tenant's transfer key. The manifest is signed with the transfer key and names its key id. Send the
two files separately: the package alone cannot be read.

The transfer key: LIANXU_TRANSFER_KEY (32 bytes base64, with --tenant <tenant id>), or, when it is
not set, fetched from the API (POST /api/t/<tenant>/migrations/transfer-key) with LIANXU_API_KEY,
--tenant <slug> (or LIANXU_TENANT) and --api <url> (or LIANXU_API_URL).
`;

export const migrationsCommand: Command = {
  name: 'migrations',
  summary: 'Data migration from a legacy system: pack an export, then upload, run, status, report, promote, retire',
  usage: 'migrations pack|upload|run|status|report|promote|retire ...',
  async run(args) {
    const [sub, ...rest] = args;
    const remote = REMOTE_COMMANDS.find((c) => c === sub);
    if (remote) return migrationsRemote(remote, rest);
    if (sub !== 'pack') {
      process.stdout.write(`${USAGE}\n${REMOTE_USAGE}`);
      return sub === undefined || sub === '--help' || sub === '-h' ? 0 : 2;
    }
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { tenant: { type: 'string' }, out: { type: 'string' }, api: { type: 'string' } } });
    const keyText = process.env.LIANXU_TRANSFER_KEY;
    const apiKey = process.env.LIANXU_API_KEY;
    const tenant = values.tenant ?? process.env.LIANXU_TENANT;
    if (!tenant || !values.out || positionals.length === 0 || (!keyText && !apiKey)) {
      process.stderr.write(`${!keyText && !apiKey ? 'Neither LIANXU_TRANSFER_KEY nor LIANXU_API_KEY is set.\n' : ''}${USAGE}`);
      return 2;
    }
    try {
      const key = keyText
        ? { tenantId: tenant, transferKey: parseTransferKey(keyText) }
        : await fetchTransferKey(values.api ?? process.env.LIANXU_API_URL ?? 'http://localhost:3000', tenant, apiKey!).then((k) => ({ tenantId: k.tenantId, transferKey: parseTransferKey(k.transferKey) }));
      const manifest = await packMigration({ files: positionals, out: values.out, keyOut: `${values.out}.key`, tenantId: key.tenantId, transferKey: key.transferKey });
      for (const f of manifest.files) process.stdout.write(`${f.name}: ${f.rows} rows, sha256 ${f.sha256.slice(0, 16)}…\n`);
      process.stdout.write(`package ${values.out} (run ${manifest.runId}, transfer key ${manifest.transferKeyId}); key ${values.out}.key\n`);
      return 0;
    } catch (error) {
      process.stderr.write(`${error instanceof MigrationError ? error.messages.en : (error as Error).message}\n`);
      return 1;
    }
  },
};
