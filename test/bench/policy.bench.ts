// Contribution engine benchmark: one million quotes over random cities, wages and hukou.
// Run: npx tsx test/bench/policy.bench.ts [count]
// Prints figures only; it never fails on a time.
import {
  calculateContributions,
  createQuoteBuffer,
  formatFen,
  getDefaultPolicyLibrary,
  OUT_EMPLOYEE_TOTAL,
  OUT_EMPLOYER_TOTAL,
  OUT_STRIDE,
  parseMonthKey,
} from '@lianxu/policy';

const N = Number(process.argv[2] ?? 1_000_000);
const MB = 1024 * 1024;

// Deterministic PRNG (mulberry32) so runs are comparable.
let seed = 0x1234abcd;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const t0 = performance.now();
const lib = getDefaultPolicyLibrary();
const loadMs = performance.now() - t0;
const engine = lib.engine;

// The four cities with figures; Hangzhou/Chengdu records have no lines and would flatter the figure.
const cityCodes = ['110100', '310100', '440100', '440300'];
const cityIx = cityCodes.map((c) => engine.cityIndex(c));
const firstMonth = parseMonthKey('2024-07')!;

// Inputs are generated before measuring, in typed arrays: 18 months (incl. provisional ones),
// wages 1.00 .. 80,000.00 yuan, both hukou, a housing-fund line (7%) on half of the quotes.
const inCity = new Int32Array(N);
const inMonth = new Int32Array(N);
const inWage = new Float64Array(N);
const inHukou = new Int32Array(N);
const inHf = new Int32Array(N);
for (let i = 0; i < N; i++) {
  inCity[i] = cityIx[Math.floor(rand() * cityIx.length)]!;
  inMonth[i] = firstMonth + Math.floor(rand() * 18);
  inWage[i] = 100 + Math.floor(rand() * 8_000_000);
  inHukou[i] = rand() < 0.5 ? 0 : 1;
  inHf[i] = rand() < 0.5 ? -1 : 70_000; // 7% is allowed in every city and year with a housing fund
}

const out = createQuoteBuffer();
const mem = { rssMax: 0, heapMax: 0, heapStart: 0, heapEnd: 0 };
function sample(): void {
  const m = process.memoryUsage();
  if (m.rss > mem.rssMax) mem.rssMax = m.rss;
  if (m.heapUsed > mem.heapMax) mem.heapMax = m.heapUsed;
}

function runFast(n: number): number {
  let checksum = 0;
  for (let i = 0; i < n; i++) {
    const code = engine.quoteFen(inCity[i]!, inMonth[i]!, inWage[i]!, inHukou[i]!, -1, inHf[i]!, inHf[i]!, out);
    if (code < 0) throw new Error(`engine error ${code} at ${i}`);
    checksum += out[OUT_EMPLOYER_TOTAL]! + out[OUT_EMPLOYEE_TOTAL]!;
    if ((i & 0xffff) === 0) sample();
  }
  return checksum;
}

// Baseline: the same loop reading the same inputs and writing a clamp per slot, no policy work.
function runBaseline(n: number): number {
  let checksum = 0;
  for (let i = 0; i < n; i++) {
    const w = inWage[i]!;
    for (let k = 0; k < 6; k++) out[k * OUT_STRIDE] = w < 500_000 ? 500_000 : w > 3_000_000 ? 3_000_000 : w;
    checksum += out[0]! + inCity[i]! + inMonth[i]! + inHukou[i]! + inHf[i]!;
    if ((i & 0xffff) === 0) sample();
  }
  return checksum;
}

// Formatting, measured separately: every line's base and amounts as yuan strings.
function runFormat(n: number): number {
  let chars = 0;
  for (let i = 0; i < n; i++) {
    engine.quoteFen(inCity[i]!, inMonth[i]!, inWage[i]!, inHukou[i]!, -1, inHf[i]!, inHf[i]!, out);
    for (let k = 0; k < 6; k++) {
      const o = k * OUT_STRIDE;
      if (out[o]! < 0) continue;
      chars += formatFen(out[o]!).length + formatFen(out[o + 1]!).length + formatFen(out[o + 2]!).length;
    }
  }
  return chars;
}

function time<T>(fn: () => T): [number, T] {
  const start = process.hrtime.bigint();
  const result = fn();
  return [Number(process.hrtime.bigint() - start) / 1e6, result];
}

// Warm-up so the JIT has compiled the hot path before timing.
runFast(Math.min(N, 200_000));
runBaseline(Math.min(N, 200_000));
global.gc?.();
mem.heapStart = process.memoryUsage().heapUsed;
mem.rssMax = 0;
mem.heapMax = 0;

const [baseMs] = time(() => runBaseline(N));
const [fastMs, checksum] = time(() => runFast(N));
mem.heapEnd = process.memoryUsage().heapUsed;
const [fmtMs] = time(() => runFormat(N));
const RICH = Math.min(N, 100_000);
const [richMs] = time(() => {
  let s = 0;
  for (let i = 0; i < RICH; i++) {
    const q = calculateContributions({
      city: cityCodes[i % 4]!,
      month: '2024-09',
      wageFen: inWage[i]!,
      hukou: inHukou[i] === 0 ? 'local' : 'non-local',
    });
    s += q.totals.employerFen;
  }
  return s;
});

const qps = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US');
console.log(`policy engine benchmark (node ${process.version}, ${N.toLocaleString('en-US')} quotes, 4 cities x 18 months x random wage/hukou/HF)`);
console.log(`  load + validate + compile data files: ${loadMs.toFixed(1)} ms`);
console.log(`  fast path quoteFen (integer fen):     ${fastMs.toFixed(1)} ms  -> ${qps(N, fastMs)} quotes/s  (checksum ${checksum})`);
console.log(`  baseline loop (same inputs, no policy): ${baseMs.toFixed(1)} ms  -> ratio fast/baseline ${(fastMs / baseMs).toFixed(2)}x`);
console.log(`  fast path + yuan string formatting:   ${fmtMs.toFixed(1)} ms  -> ${qps(N, fmtMs)} quotes/s (formatting alone ~${(fmtMs - fastMs).toFixed(1)} ms)`);
console.log(`  rich calculateContributions (objects): ${richMs.toFixed(1)} ms for ${RICH.toLocaleString('en-US')} -> ${qps(RICH, richMs)} quotes/s`);
console.log(
  `  memory during timed loops: peak rss ${(mem.rssMax / MB).toFixed(1)} MB, peak heapUsed ${(mem.heapMax / MB).toFixed(1)} MB; ` +
    `heapUsed before/after fast path ${(mem.heapStart / MB).toFixed(1)} / ${(mem.heapEnd / MB).toFixed(1)} MB`,
);
