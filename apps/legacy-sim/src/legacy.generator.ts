import { calculateContributions, INSURANCE_NAMES_ZH, type Insurance } from '@lianxu/policy';

// A deterministic old HR system's data: the same seed, size, cities and months always give the
// same rows, byte for byte, so a test can know exactly which rows are dirty and why.

/** The kinds of dirt real exports carry, each injected at the configured rate. */
export const ROSTER_DIRT = [
  'old_id_15',
  'lowercase_x',
  'full_width_digits',
  'wrong_check_digit',
  'duplicate_employee',
  'unknown_city',
  'date_slash',
  'date_compact',
  'date_excel_serial',
  'missing_wage',
] as const;
export const CONTRIBUTION_DIRT = ['base_below_floor', 'base_above_cap', 'duplicate_line'] as const;
export type RosterDirt = (typeof ROSTER_DIRT)[number];
export type ContributionDirt = (typeof CONTRIBUTION_DIRT)[number];
export type DirtKind = RosterDirt | ContributionDirt;

/** A city the policy library does not know (what an old system's 参保城市 sometimes holds). */
export const UNKNOWN_CITY = '拉萨';
/** Cities whose policy covers 2024-07..2026-06 in full. */
export const DEFAULT_CITIES = ['北京', '上海', '广州'];

export interface LegacySeed {
  seed: number;
  /** Employees on the roster. */
  size: number;
  cities?: string[];
  /** First month of history, YYYY-MM (default 2024-07). */
  fromMonth?: string;
  months: number;
  /** Share of rows made dirty, per file (default 0.05). */
  dirtyRate?: number;
}

export interface RosterRow {
  empNo: string;
  name: string;
  idNumber: string;
  hukou: '本地' | '外地';
  city: string;
  hireDate: string;
  leaveDate: string;
  wage: string;
  dirt: RosterDirt | null;
}

export interface CoverageRow {
  idNumber: string;
  name: string;
  city: string;
  insurance: string;
  month: string;
  status: '参保';
}

export interface ContributionRow {
  idNumber: string;
  name: string;
  city: string;
  month: string;
  insurance: string;
  base: string;
  employer: string;
  employee: string;
  dirt: ContributionDirt | null;
}

export const ROSTER_HEADERS = ['工号', '姓名', '证件号码', '户口性质', '参保城市', '入职日期', '离职日期', '月工资'];
export const COVERAGE_HEADERS = ['证件号码', '姓名', '参保城市', '险种', '月份', '参保状态'];
export const CONTRIBUTION_HEADERS = ['证件号码', '姓名', '参保城市', '缴费月份', '险种', '缴费基数', '单位缴费', '个人缴费'];

/** mulberry32: small, fast and fully determined by its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
const checkChar = (first17: string) => ID_CHECK[[...first17].reduce((s, d, i) => s + Number(d) * ID_WEIGHTS[i]!, 0) % 11]!;
const REGION: Record<string, string> = { 北京: '110105', 上海: '310104', 广州: '440106', 深圳: '440305', 杭州: '330106', 成都: '510107' };
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平'];

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const t = y * 12 + (m - 1) + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
const toFullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
/** Days since 1899-12-30, as Excel stores a date. */
const excelSerial = (iso: string) => String(Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000));

interface Employee extends RosterRow {
  /** The ID as the contribution and coverage files carry it. */
  lineId: string;
  wageFen: number | null;
  hukouEn: 'local' | 'non-local';
  firstMonth: string;
  lastMonth: string;
  /** A month the old system skipped (a real gap in the history), or null. */
  gapMonth: string | null;
}

/** The roster, with each employee's derived facts; duplicates appear as extra rows. */
export function generateEmployees(options: LegacySeed): Employee[] {
  const rand = seededRandom(options.seed);
  const cities = options.cities ?? DEFAULT_CITIES;
  const from = options.fromMonth ?? '2024-07';
  const to = addMonths(from, options.months - 1);
  const rate = options.dirtyRate ?? 0.05;
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const used = new Set<string>();
  const out: Employee[] = [];
  for (let i = 0; i < options.size; i++) {
    const dirt: RosterDirt | null = rand() < rate ? ROSTER_DIRT[i % ROSTER_DIRT.length]! : null;
    const city = dirt === 'unknown_city' ? UNKNOWN_CITY : cities[i % cities.length]!;
    const birth = `${1965 + Math.floor(rand() * 38)}${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    let id = '';
    for (let seq = Math.floor(rand() * 1000); ; seq = (seq + 1) % 1000) {
      const first17 = `${REGION[city] ?? '540102'}${birth}${String(seq).padStart(3, '0')}`;
      id = first17 + checkChar(first17);
      if (used.has(id)) continue;
      if (dirt === 'lowercase_x' && !id.endsWith('X')) continue;
      break;
    }
    used.add(id);
    let shown = id;
    if (dirt === 'old_id_15') shown = id.slice(0, 6) + id.slice(8, 17);
    else if (dirt === 'lowercase_x') shown = id.toLowerCase();
    else if (dirt === 'full_width_digits') shown = toFullWidth(id);
    else if (dirt === 'wrong_check_digit') shown = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    const hiredBefore = rand() < 0.7;
    const hireMonth = hiredBefore ? addMonths(from, -1 - Math.floor(rand() * 60)) : addMonths(from, Math.floor(rand() * options.months));
    const hireDate = `${hireMonth}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    const leaves = rand() < 0.1;
    const leaveMonth = leaves ? addMonths(hireMonth < from ? from : hireMonth, Math.floor(rand() * options.months)) : null;
    const leaveDate = leaveMonth && leaveMonth <= to ? `${leaveMonth}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}` : '';
    const wageFen = (3000 + Math.floor(rand() * 370) * 100) * 100;
    const hukouEn = rand() < 0.6 ? 'local' : 'non-local';
    const firstMonth = hireMonth < from ? from : hireMonth;
    const lastMonth = leaveDate ? leaveDate.slice(0, 7) : to;
    const gapMonth = !dirt && rand() < 0.02 && firstMonth < lastMonth ? addMonths(firstMonth, 1) : null;
    const isoHire = `${hireDate}`;
    let hireShown = isoHire;
    if (dirt === 'date_slash') hireShown = `${Number(isoHire.slice(0, 4))}/${Number(isoHire.slice(5, 7))}/${Number(isoHire.slice(8, 10))}`;
    else if (dirt === 'date_compact') hireShown = isoHire.replace(/-/g, '');
    else if (dirt === 'date_excel_serial') hireShown = excelSerial(isoHire);
    const employee: Employee = {
      empNo: `E${String(i + 1).padStart(6, '0')}`,
      name: pick([...SURNAMES]) + pick(GIVEN),
      idNumber: shown,
      lineId: shown,
      hukou: hukouEn === 'local' ? '本地' : '外地',
      hukouEn,
      city,
      hireDate: hireShown,
      leaveDate,
      wage: dirt === 'missing_wage' ? '' : yuan(wageFen),
      wageFen: dirt === 'missing_wage' ? null : wageFen,
      dirt,
      firstMonth,
      lastMonth,
      gapMonth,
    };
    out.push(employee);
    // The old system let the same person be entered twice (a re-hire typed as a new record).
    if (dirt === 'duplicate_employee') out.push({ ...employee, empNo: `E${String(options.size + i + 1).padStart(6, '0')}` });
  }
  return out;
}

interface Quote {
  lines: { insurance: Insurance; baseFen: number; employerFen: number; employeeFen: number }[];
}

/** The policy engine's lines for a wage; unknown cities (the dirt) are quoted as Beijing by the old system. */
export function quoteFor(cache: Map<string, Quote>, city: string, month: string, wageFen: number, hukou: 'local' | 'non-local'): Quote {
  const key = `${city}|${month}|${wageFen}|${hukou}`;
  let quote = cache.get(key);
  if (!quote) {
    const q = calculateContributions({ city: city === UNKNOWN_CITY ? '北京' : city, month, wageFen, hukou });
    quote = { lines: q.lines.filter((l) => l.insurance !== 'housingFund') };
    cache.set(key, quote);
  }
  return quote;
}

/** Rows of 参保明细 and 缴费明细, generated lazily so a million lines never sit in memory. */
export function* generateHistory(options: LegacySeed, employees: Employee[] = generateEmployees(options)): Generator<{ coverage: CoverageRow[]; lines: ContributionRow[] }> {
  const rand = seededRandom(options.seed ^ 0x5bd1e995);
  const rate = options.dirtyRate ?? 0.05;
  const cache = new Map<string, Quote>();
  const seen = new Set<string>();
  let lineNo = 0;
  for (const e of employees) {
    if (seen.has(e.lineId)) continue; // a duplicated roster row has one history
    seen.add(e.lineId);
    // Without a wage the old system still paid: on the wage it had before the field was cleared.
    const wageFen = e.wageFen ?? 800_000;
    for (let month = e.firstMonth; month <= e.lastMonth; month = addMonths(month, 1)) {
      if (month === e.gapMonth) continue;
      const quote = quoteFor(cache, e.city, month, wageFen, e.hukouEn);
      const coverage: CoverageRow[] = [];
      const lines: ContributionRow[] = [];
      for (const l of quote.lines) {
        const insurance = INSURANCE_NAMES_ZH[l.insurance];
        coverage.push({ idNumber: e.lineId, name: e.name, city: e.city, insurance, month, status: '参保' });
        const dirt: ContributionDirt | null = !e.dirt && rand() < rate ? CONTRIBUTION_DIRT[lineNo % CONTRIBUTION_DIRT.length]! : null;
        lineNo += 1;
        let baseFen = l.baseFen;
        // Every city's floor is above 1,000 yuan and every cap below 100,000 yuan.
        if (dirt === 'base_below_floor') baseFen = 1_000_00;
        if (dirt === 'base_above_cap') baseFen = 100_000_00;
        const scale = (fen: number) => (baseFen === l.baseFen ? fen : Math.round((fen * baseFen) / l.baseFen));
        const row: ContributionRow = {
          idNumber: e.lineId,
          name: e.name,
          city: e.city,
          month,
          insurance,
          base: yuan(baseFen),
          employer: yuan(scale(l.employerFen)),
          employee: yuan(scale(l.employeeFen)),
          dirt,
        };
        lines.push(row);
        if (dirt === 'duplicate_line') lines.push({ ...row });
      }
      yield { coverage, lines };
    }
  }
}
