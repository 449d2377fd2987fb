import { recordSourceIds } from './contribution.sources';
import type { CompiledPolicy, QuoteEngine } from './contribution.engine';
import { formatMicro } from './money';
import type { BilingualMessage } from './errors';
import type { PolicyLibrary } from './policy.library';
import { fieldPrefix } from './policy.resolve';
import { INSURANCES, INSURANCE_NAMES_ZH, NATIONAL_HF_RATE_MAX_MICRO, type Insurance, type PolicyRecord, type SourceRef } from './policy.types';

// What calculateContributions adds around the engine's numbers — which policy each line uses, whether
// it is provisional (and from which years), unverified figures, missing insurances, the warning texts
// and the sources — depends only on the city, the quote row (month offset, or beyond the last known
// month) and whether a housing-fund line is asked for. It is worked out once per such key (lazily,
// cached per engine) so a quote only fills in the wage-dependent amounts and the month text.
// Arrays kept in a plan are shared by every quote using it and therefore frozen.

/** A warning's text as a plan keeps it: the policy's message (BilingualMessage) and the input fields it is about. */
export interface PlanWarningText extends BilingualMessage {
  fields: string[];
}

export interface PlannedLine {
  slot: number;
  insurance: Insurance;
  policy: CompiledPolicy;
  /** employer / employee rate text per hukou (0 local or not given, 1 non-local); unused where chosen by the caller */
  employerRate: [string, string];
  employeeRate: [string, string];
  /** the city's lowest work-injury rate as text (the default) */
  injuryMinRate: string;
  provisionalFrom: number[];
  unverified: PlanWarningText | null;
  /** provisional warning: zh/en are the texts after the month (each starts right after it) */
  provisional: { fields: string[]; zhHead: string; zhTail: string; enHead: string; enTail: string } | null;
  national: PlanWarningText | null;
}

export interface PlannedMissing {
  slot: number;
  insurance: Insurance;
  policyYear: number | null;
  fields: string[];
  /** message parts around the month (the month is used only when policyYear is null) */
  zhHead: string;
  zhTail: string;
  enHead: string;
  enTail: string;
}

export interface QuotePlan {
  /** per slot in INSURANCES order: a line, a missing insurance, or null (no line) */
  slots: (PlannedLine | PlannedMissing | null)[];
  missingCount: number;
  hasInjuryLine: boolean;
  /** incomplete warning (when missingCount > 0): fields and message parts around the month */
  incomplete: { fields: string[]; zhHead: string; zhTail: string; enHead: string; enTail: string } | null;
  sources: SourceRef[];
}

const cache = new WeakMap<QuoteEngine, Map<number, QuotePlan>>();

function freeze<T>(a: T[]): T[] {
  return Object.freeze(a) as T[];
}

function rateText(p: CompiledPolicy, k: number, side: number, h: number): string {
  const i = (k * 2 + side) * 2 + h;
  let sum = 0;
  for (let j = p.partOff[i]!; j < p.partOff[i]! + p.partLen[i]!; j++) sum += p.parts[j]!;
  return formatMicro(sum);
}

/** The plan of a quote (see above); monthKey must be at or after the city's first month. */
export function quotePlan(library: PolicyLibrary, cityIx: number, monthKey: number, wantHf: boolean): QuotePlan {
  const engine = library.engine;
  let plans = cache.get(engine);
  if (!plans) {
    plans = new Map();
    cache.set(engine, plans);
  }
  const row = engine.quoteRow(cityIx, monthKey);
  const key = (row * engine.cities.length + cityIx) * 2 + (wantHf ? 1 : 0);
  let plan = plans.get(key);
  if (!plan) {
    plan = buildPlan(library, cityIx, monthKey, wantHf);
    plans.set(key, plan);
  }
  return plan;
}

function buildPlan(library: PolicyLibrary, cityIx: number, monthKey: number, wantHf: boolean): QuotePlan {
  const engine = library.engine;
  const record = engine.policies[engine.policyIndex(cityIx, monthKey)]!.record;
  const used = new Set<PolicyRecord>([record]);
  const slots: (PlannedLine | PlannedMissing | null)[] = [];
  const missing: PlannedMissing[] = [];
  let hasInjuryLine = false;
  INSURANCES.forEach((insurance, k) => {
    const slot = engine.slot(cityIx, monthKey, k);
    const skipped = k === INSURANCES.indexOf('housingFund') && !wantHf;
    if (skipped || slot.state === 'notApplicable') {
      slots.push(null);
      return;
    }
    if (slot.state === 'missing') {
      const lacking = slot.policy >= 0 ? engine.policies[slot.policy]! : null;
      const policyYear = lacking ? lacking.record.year : null;
      const fields = lacking?.missing.find((x) => x.insurance === insurance)?.fields ?? freeze([fieldPrefix(insurance)]);
      const list = fields.join(', ');
      const m: PlannedMissing =
        policyYear === null
          ? {
              slot: k,
              insurance,
              policyYear,
              fields,
              zhHead: `${INSURANCE_NAMES_ZH[insurance]}：${record.city.zh} `,
              zhTail: `的数据未找到（${list}），该项未计算`,
              enHead: `${insurance}: not found for ${record.city.en} `,
              enTail: ` (${list}); line left out`,
            }
          : {
              slot: k,
              insurance,
              policyYear,
              fields,
              zhHead: `${INSURANCE_NAMES_ZH[insurance]}：${record.city.zh} ${policyYear} 年度的数据未找到（${list}），该项未计算`,
              zhTail: '',
              enHead: `${insurance}: not found for ${record.city.en} policy year ${policyYear} (${list}); line left out`,
              enTail: '',
            };
      missing.push(m);
      slots.push(m);
      return;
    }
    const p = engine.policies[slot.policy]!;
    used.add(p.record);
    const resolved = p.resolved[insurance];
    const beyond = monthKey > resolved.toKey;
    const provisionalFrom = freeze([...new Set([...resolved.carried.map((c) => c.fromYear), ...(beyond ? [p.record.year] : [])])].sort((x, y) => x - y));
    for (const c of resolved.carried) {
      const from = engine.policies.find((x) => x.record.id === c.fromPolicyId);
      if (from) used.add(from.record);
    }
    const weak = p.unverified[k]!;
    let provisional: PlannedLine['provisional'] = null;
    if (provisionalFrom.length > 0) {
      const fields = beyond ? [fieldPrefix(insurance)] : resolved.carried.map((c) => `${c.field} (${c.fromYear})`);
      provisional = {
        fields: freeze(beyond ? [fieldPrefix(insurance)] : resolved.carried.map((c) => c.field)),
        zhHead: `${INSURANCE_NAMES_ZH[insurance]}：`,
        zhTail: ` 的数据尚未公布，暂按 ${provisionalFrom.join('、')} 年度的数据计算（${fields.join(', ')}），待公布后由年度调整补差`,
        enHead: `${insurance}: figures for `,
        enTail: ` are not published; those of policy year ${provisionalFrom.join(', ')} are used provisionally (${fields.join(', ')}) until they are`,
      };
    }
    const national = k === INSURANCES.indexOf('housingFund') && p.hfNationalRange;
    if (insurance === 'workInjury') hasInjuryLine = true;
    slots.push({
      slot: k,
      insurance,
      policy: p,
      employerRate: [rateText(p, k, 0, 0), rateText(p, k, 0, 1)],
      employeeRate: [rateText(p, k, 1, 0), rateText(p, k, 1, 1)],
      injuryMinRate: formatMicro(p.injuryMin),
      provisionalFrom,
      unverified:
        weak.length > 0
          ? {
              fields: freeze(weak.map((f) => f.replace(/ \(.*\)$/, ''))),
              zh: `${INSURANCE_NAMES_ZH[insurance]}：部分数据仅来自二手来源，未经官方核实（${weak.join(', ')}）`,
              en: `${insurance}: some figures come only from secondary sources and are unverified (${weak.join(', ')})`,
            }
          : null,
      provisional,
      national: national
        ? {
            fields: freeze(['housingFund.employer.rateRange', 'housingFund.employee.rateRange']),
            zh: `${record.city.zh}公积金比例范围未找到，仅按全国上限 ${formatMicro(NATIONAL_HF_RATE_MAX_MICRO)} 校验`,
            en: `${record.city.en}: the housing-fund rate range is not found; only the national maximum ${formatMicro(NATIONAL_HF_RATE_MAX_MICRO)} is checked`,
          }
        : null,
    });
  });

  let incomplete: QuotePlan['incomplete'] = null;
  if (missing.length > 0) {
    const names = missing.map((m) => m.insurance);
    const years = [...new Set(missing.flatMap((m) => (m.policyYear === null ? [] : [m.policyYear])))];
    const yearsZh = years.length ? `（${years.join('、')} 年度）` : '';
    const yearsEn = years.length ? ` (policy year ${years.join(', ')})` : '';
    incomplete = {
      fields: freeze(missing.flatMap((m) => m.fields)),
      zhHead: `报价不完整：${record.city.zh} `,
      zhTail: `${yearsZh}缺少 ${names.map((n) => INSURANCE_NAMES_ZH[n]).join('、')} 的数据，合计仅含已列出的项目，不可作为当月缴费额`,
      enHead: `incomplete quote: ${record.city.en} `,
      enTail: `${yearsEn} has no figures for ${names.join(', ')}; the totals cover only the lines listed and are not the month's contribution`,
    };
  }
  const sources = [...new Set([...used].flatMap(recordSourceIds))].map((id) => library.sources.get(id) ?? { id, grade: null, title: '', url: null });
  return { slots, missingCount: missing.length, hasInjuryLine, incomplete, sources };
}
