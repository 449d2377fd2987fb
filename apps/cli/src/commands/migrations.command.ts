import { parseArgs } from 'node:util';
import { MigrationError, packMigration, parseTransferKey } from '@lianxu/core';
import type { Command } from './command';
import { migrationsRemote, REMOTE_COMMANDS, REMOTE_USAGE } from './migrations-remote';

const USAGE = `lianxu migrations pack --tenant <tenant id> --out <package.lxpkg> <export.csv>...

Encrypts a legacy export (CSV files with a title row and a header row) with AES-256-GCM under a key
made for this run, and writes the package and, beside it, <package>.key: the run key wrapped under the
tenant's transfer key (LIANXU_TRANSFER_KEY, 32 bytes base64). Send the two separately: the package
alone cannot be read.
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
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { tenant: { type: 'string' }, out: { type: 'string' } } });
    const keyText = process.env.LIANXU_TRANSFER_KEY;
    if (!values.tenant || !values.out || positionals.length === 0 || !keyText) {
      process.stderr.write(`${!keyText ? 'LIANXU_TRANSFER_KEY is not set.\n' : ''}${USAGE}`);
      return 2;
    }
    try {
      const manifest = await packMigration({ files: positionals, out: values.out, keyOut: `${values.out}.key`, tenantId: values.tenant, transferKey: parseTransferKey(keyText) });
      for (const f of manifest.files) process.stdout.write(`${f.name}: ${f.rows} rows, sha256 ${f.sha256.slice(0, 16)}…\n`);
      process.stdout.write(`package ${values.out} (run ${manifest.runId}); key ${values.out}.key\n`);
      return 0;
    } catch (error) {
      process.stderr.write(`${error instanceof MigrationError ? error.messages.en : (error as Error).message}\n`);
      return 1;
    }
  },
};
