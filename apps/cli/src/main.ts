import { contributionsCommand } from './commands/contributions.command';
import { startCommand } from './commands/start.command';
import { migrateCommand } from './commands/migrate.command';
import { tenantsCommand } from './commands/tenants.command';
import { policiesCommand } from './commands/policies.command';
import { continuityCommand } from './commands/continuity.command';

import { migrationsCommand } from './commands/migrations.command';
import type { Command } from './commands/command';

export type { Command } from './commands/command';

const COMMANDS: Command[] = [startCommand, migrateCommand, tenantsCommand, contributionsCommand, policiesCommand, continuityCommand, migrationsCommand];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return [
    'lianxu: the Lianxu (连续) command line',
    '',
    'Usage: lianxu <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Run `lianxu <command> --help` for the options of one command.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help() + '\n');
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`Unknown command: ${name}\n\n${help()}\n`);
    return 2;
  }
  return command.run(rest);
}
