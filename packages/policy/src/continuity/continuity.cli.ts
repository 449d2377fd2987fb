import { z } from 'zod';
import { formatMonthKey, parseMonthKey } from '../money';
import { SOCIAL_INSURANCES } from '../policy.types';
import { ContinuityInputError, evaluateContinuity, type ContinuityHistory } from './continuity.evaluator';
import { getContinuityRules, type ContinuityRuleSet } from './continuity.loader';

export const CONTINUITY_USAGE =
  'usage: lianxu continuity --rule <rule id> [--as-of YYYY-MM-DD] [--break <months>] ' +
  '(--months 2025-01..2026-11,2026-12 | --coverage <file.json | ->) [--json]  |  lianxu continuity --list [--city <code>]';

export interface ContinuityCliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Reads a file, or standard input for "-". */
  readInput: (path: string) => Promise<string>;
  today: () => string;
}

const monthText = z.string().refine((s) => parseMonthKey(s) !== null, { error: 'must be a month YYYY-MM' });
const coverageMonth = z.strictObject({ month: monthText, city: z.string().regex(/^\d{6}$/), insurances: z.array(z.string()), backPaid: z.boolean().optional() });
const historyFile = z.union([
  z.array(coverageMonth),
  z.strictObject({ coverage: z.array(coverageMonth), taxMonths: z.array(z.strictObject({ month: monthText, city: z.string().regex(/^\d{6}$/) })).optional() }),
]);

function fail(io: ContinuityCliIo, field: string, message: string): number {
  io.stderr(`${JSON.stringify({ error: { code: 'invalid_arguments', message, fields: { [field]: message } } })}\n`);
  return 2;
}

/** "2025-01..2025-03,2025-06" → every month listed. */
export function parseMonthList(text: string): string[] | null {
  const out: string[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [a, b] = part.split('..');
    const from = parseMonthKey(a ?? '');
    const to = b === undefined ? from : parseMonthKey(b);
    if (from === null || to === null || to < from || to - from > 1200) return null;
    for (let k = from; k <= to; k++) out.push(formatMonthKey(k));
  }
  return out.length ? out : null;
}

/**
 * `lianxu continuity ...`: evaluates one continuity rule for one person's months and prints the
 * evaluation (JSON with --json). `--months` lists months covered in the rule's city with every social
 * insurance; `--coverage` reads a JSON file (or stdin) with `{coverage: [...], taxMonths: [...]}`.
 */
export async function runContinuityCli(argv: string[], io: ContinuityCliIo, rules: ContinuityRuleSet = getContinuityRules()): Promise<number> {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  const VALUE = new Set(['--rule', '--as-of', '--break', '--months', '--coverage', '--city']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      io.stdout(`${CONTINUITY_USAGE}\n`);
      return 0;
    }
    if (arg === '--json' || arg === '--list') {
      flags.add(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE.has(flag)) return fail(io, flag, `unknown argument "${arg}"; ${CONTINUITY_USAGE}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) return fail(io, flag.slice(2), `${flag} needs a value`);
    values[flag.slice(2)] = value;
  }
  if (flags.has('--list')) {
    const list = (values['city'] ? rules.forCity(values['city']) : [...rules.rules]).map((r) => ({ id: r.id, city: r.city, purpose: r.purpose, title: r.title, status: r.versions.map((v) => v.status) }));
    io.stdout(flags.has('--json') ? `${JSON.stringify(list)}\n` : list.map((r) => `${r.id}  ${r.title.zh} ${r.title.en}  [${r.status.join(', ')}]`).join('\n') + '\n');
    return 0;
  }
  const ruleId = values['rule'];
  if (!ruleId) return fail(io, 'rule', `--rule is required; ${CONTINUITY_USAGE}`);
  const rule = rules.byId(ruleId);
  if (!rule) return fail(io, 'rule', `unknown rule "${ruleId}"; run lianxu continuity --list`);
  const asOf = values['as-of'] ?? io.today();
  let breakMonths: number | undefined;
  if (values['break'] !== undefined) {
    if (!/^\d{1,3}$/.test(values['break'])) return fail(io, 'break', '--break must be a whole number of months');
    breakMonths = Number(values['break']);
  }
  let history: ContinuityHistory;
  if (values['months'] !== undefined) {
    const months = parseMonthList(values['months']);
    if (!months) return fail(io, 'months', '--months must list months YYYY-MM or ranges YYYY-MM..YYYY-MM, separated by commas');
    history = { coverage: months.map((month) => ({ month, city: rule.city.code, insurances: [...SOCIAL_INSURANCES] })) };
  } else if (values['coverage'] !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await io.readInput(values['coverage']));
    } catch (e) {
      return fail(io, 'coverage', `--coverage must be a readable JSON file: ${(e as Error).message}`);
    }
    const checked = historyFile.safeParse(parsed);
    if (!checked.success) {
      const first = checked.error.issues[0]!;
      return fail(io, 'coverage', `--coverage: ${first.path.join('.') || '(file)'}: ${first.message}`);
    }
    history = Array.isArray(checked.data) ? { coverage: checked.data } : checked.data;
  } else return fail(io, 'months', `--months or --coverage is required; ${CONTINUITY_USAGE}`);

  try {
    const evaluation = evaluateContinuity(rule, history, asOf, breakMonths === undefined ? {} : { breakMonths });
    if (flags.has('--json')) io.stdout(`${JSON.stringify(evaluation)}\n`);
    else {
      const lines = [`${rule.id}  ${rule.title.zh} / ${rule.title.en}`, `as of ${asOf}: ${evaluation.status}`];
      if (evaluation.requiredMonths !== null) lines.push(`months counted ${evaluation.qualifyingMonths} of ${evaluation.requiredMonths}; met from ${evaluation.willBeMetMonth}`);
      for (const a of evaluation.assumptions) lines.push(`assumed ${a.parameter}: ${a.note}`);
      const b = evaluation.breakImpact;
      if (b) lines.push(`a break of ${b.breakMonths} month(s): ${b.resets ? 'resets the count; ' : ''}met from ${b.willBeMetMonth} (${b.delayMonths} month(s) later)`);
      io.stdout(lines.join('\n') + '\n');
    }
    return 0;
  } catch (e) {
    if (e instanceof ContinuityInputError) return fail(io, e.field, e.en);
    throw e;
  }
}
