import { readFile } from 'node:fs/promises';
import { runContinuityCli, type ContinuityCliIo } from '@lianxu/policy';
import { createBusinessClock } from '@lianxu/db';
import type { Command } from './command';

async function readInput(path: string): Promise<string> {
  if (path !== '-') return readFile(path, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const processIo: ContinuityCliIo = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  readInput,
  today: () => createBusinessClock().today(),
};

/** `lianxu continuity`: pure, no database; the logic lives in @lianxu/policy. */
export function createContinuityCommand(io: ContinuityCliIo = processIo): Command {
  return {
    name: 'continuity',
    summary: "A person's months against a city's continuity rule (housing purchase, ...); --json for the evaluation",
    usage: 'continuity --rule <id> (--months ... | --coverage <file>) [--as-of] [--break N]',
    run: async (args) => runContinuityCli(args, io),
  };
}

export const continuityCommand = createContinuityCommand();
