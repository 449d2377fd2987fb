import { runContributionsCli, type CliOutput } from '@lianxu/policy';
import type { Command } from './command';

const processOutput: CliOutput = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
};

/** `lianxu contributions`: pure, no database or build step; the logic lives in @lianxu/policy. */
export function createContributionsCommand(out: CliOutput = processOutput): Command {
  return {
    name: 'contributions',
    summary: "One month's contributions for a wage in a city (add --json for the API's body)",
    usage: 'contributions --city <code|name> --month YYYY-MM --wage <yuan> [...]',
    run: async (args) => runContributionsCli(args, out),
  };
}

export const contributionsCommand = createContributionsCommand();
