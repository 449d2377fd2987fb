import { calculateContributions, quoteToJson, type ContributionInput, type ContributionQuote } from './contribution.calculator';
import { PolicyInputError } from './errors';
import { formatFen } from './money';
import type { PolicyLibrary } from './policy.library';
import { getDefaultPolicyLibrary } from './policy.loader';
import { INSURANCE_NAMES_ZH, type Hukou } from './policy.types';

export interface CliOutput {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const CONTRIBUTIONS_USAGE =
  'usage: lianxu contributions --city <code or name> --month YYYY-MM --wage <yuan> ' +
  '[--hukou local|non-local (required where a rate depends on it, e.g. Shenzhen)] [--injury-rate 0.004] [--housing-fund-rate 0.12] [--json]';

const VALUE_FLAGS: Record<string, string> = {
  '--city': 'city',
  '--month': 'month',
  '--wage': 'wage',
  '--hukou': 'hukou',
  '--injury-rate': 'injuryRate',
  '--housing-fund-rate': 'housingFundRate',
};

function usageError(out: CliOutput, field: string, message: string): number {
  out.stderr(`${JSON.stringify({ error: { code: 'invalid_arguments', message, fields: { [field]: message } } })}\n`);
  return 2;
}

/**
 * `lianxu contributions ...`: one month's contribution lines for one wage. Prints the JSON body of
 * the API with --json, else an aligned table. Errors go to stderr as
 * {"error":{"code","message","fields":{name: message}}} (English); returns the exit code.
 * @example runContributionsCli(['--city', '北京', '--month', '2024-09', '--wage', '40000', '--json'], { stdout: process.stdout.write.bind(process.stdout), stderr: ... })
 */
export function runContributionsCli(argv: string[], out: CliOutput, library?: PolicyLibrary): number {
  const values: Record<string, string> = {};
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') {
      json = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') {
      out.stdout(`${CONTRIBUTIONS_USAGE}\n`);
      return 0;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const name = VALUE_FLAGS[flag];
    if (!name) return usageError(out, flag, `unknown argument "${arg}"; ${CONTRIBUTIONS_USAGE}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) return usageError(out, name, `${flag} needs a value`);
    values[name] = value;
  }
  for (const required of ['city', 'month', 'wage'] as const) {
    if (values[required] === undefined) return usageError(out, required, `--${required} is required; ${CONTRIBUTIONS_USAGE}`);
  }
  const input: ContributionInput = { city: values['city']!, month: values['month']!, wage: values['wage']! };
  if (values['hukou'] !== undefined) input.hukou = values['hukou'] as Hukou; // checked by the calculator
  if (values['injuryRate'] !== undefined) input.injuryRate = values['injuryRate'];
  if (values['housingFundRate'] !== undefined) input.housingFundRate = values['housingFundRate'];

  let quote: ContributionQuote;
  try {
    quote = calculateContributions(input, library ?? getDefaultPolicyLibrary());
  } catch (e) {
    if (e instanceof PolicyInputError) {
      out.stderr(`${JSON.stringify(e.toJSON('en'))}\n`);
      return 1;
    }
    throw e;
  }
  out.stdout(json ? `${JSON.stringify(quoteToJson(quote))}\n` : renderTable(quote));
  return 0;
}

/** Terminal columns: CJK characters take two. */
function displayWidth(s: string): number {
  return [...s].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
}

function pad(s: string, width: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

/** A readable, aligned table of a quote (zh + en insurance names). */
export function renderTable(q: ContributionQuote): string {
  const header = ['insurance', 'base', 'employer rate', 'employer', 'employee rate', 'employee'];
  const rows = q.lines.map((l) => [
    `${INSURANCE_NAMES_ZH[l.insurance]} ${l.insurance}`,
    formatFen(l.baseFen),
    l.employerRate,
    formatFen(l.employerFen),
    l.employeeFixedFen ? `${l.employeeRate} + ${formatFen(l.employeeFixedFen)}` : l.employeeRate,
    formatFen(l.employeeFen),
  ]);
  rows.push([q.complete ? '合计 total' : '合计 total (不完整 incomplete)', '', '', formatFen(q.totals.employerFen), '', formatFen(q.totals.employeeFen)]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => displayWidth(r[c]!))));
  const line = (r: string[]) => r.map((cell, c) => pad(cell, widths[c]!, c > 0)).join('  ');
  const lines = [
    `${q.city.zh} ${q.city.en} (${q.city.code})  ${q.month}  hukou ${q.hukou ?? '-'}  policy ${q.policyId}${q.provisional ? '  PROVISIONAL (carried forward)' : ''}${q.complete ? '' : `  INCOMPLETE (missing ${q.missing.map((m) => m.insurance).join(', ')})`}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(0, -1).map(line),
    line(widths.map((w) => '-'.repeat(w))),
    line(rows[rows.length - 1]!),
  ];
  if (q.warnings.length > 0) {
    lines.push('', 'warnings:');
    for (const w of q.warnings) lines.push(`  - ${w.message.zh}`, `    ${w.message.en}`);
  }
  lines.push('', `sources: ${q.sources.map((s) => `${s.id}${s.grade ? ` (${s.grade})` : ''}`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}
