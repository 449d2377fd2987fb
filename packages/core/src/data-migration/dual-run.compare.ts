import { createHash } from 'node:crypto';

// Checksum bisection between the old system and Lianxu. Every compared fact is one line
// (kind, subject, item, value), the subject being a salted hash of the person's ID number, so both
// sides can be cut into the same segments by the subject's leading hex digits. Each side answers a
// count and an order-free hash per segment; only segments that differ are cut finer, and only the
// lines of the small segments that still differ are read. The old system's side computes its
// digests in its own database, so an unchanged segment costs it no rows sent.

export type LineKind = 'roster' | 'coverage' | 'contribution';
export interface CompareLine {
  kind: LineKind;
  subject: string;
  item: string;
  value: string;
  /** Who it is, for people reading the difference (name and masked ID number); not hashed. */
  label?: string;
  employeeId?: string;
}
export interface SegmentDigest {
  count: number;
  /** Sum of the lines' 60-bit hashes, as a decimal string (order does not matter). */
  hash: string;
}

/** One side of the comparison, for the window of months the day compares. */
export interface CompareSide {
  /** Digests of segments of `depth` hex digits, limited to segments under the given prefixes (all when null). */
  digests(depth: number, under: string[] | null): Promise<Map<string, SegmentDigest>>;
  /** The lines of the given segments (each a prefix of the subject). */
  lines(prefixes: string[]): Promise<CompareLine[]>;
  /** Contribution totals (employer + employee, fen) per month of the window. */
  totals(): Promise<Map<string, bigint>>;
}

export const lineText = (l: Pick<CompareLine, 'kind' | 'subject' | 'item' | 'value'>) => `${l.kind}|${l.subject}|${l.item}|${l.value}`;
/** The first 60 bits of the line's MD5, as PostgreSQL computes it with ('x' || substr(md5(t), 1, 15))::bit(60)::bigint. */
export const lineHash = (text: string) => BigInt(`0x${createHash('md5').update(text, 'utf8').digest('hex').slice(0, 15)}`);

/** Digests of in-memory lines (Lianxu's side, and tests). */
export function digestLines(lines: CompareLine[], depth: number, under: string[] | null): Map<string, SegmentDigest> {
  const allowed = under ? new Set(under) : null;
  const sums = new Map<string, { count: number; hash: bigint }>();
  for (const l of lines) {
    const seg = l.subject.slice(0, depth);
    if (allowed && !allowed.has(seg.slice(0, depth - 1))) continue;
    const s = sums.get(seg) ?? { count: 0, hash: 0n };
    s.count += 1;
    s.hash += lineHash(lineText(l));
    sums.set(seg, s);
  }
  return new Map([...sums].map(([k, v]) => [k, { count: v.count, hash: v.hash.toString() }]));
}

export interface PairedDifference {
  kind: LineKind;
  subject: string;
  item: string;
  legacy: string | null;
  lianxu: string | null;
  label: string;
  employeeId: string | null;
}

export interface BisectionResult {
  differences: PairedDifference[];
  /** Lines compared on each side (from the top-level counts). */
  legacyLines: number;
  lianxuLines: number;
  /** Lines the old system's side had to send (rows read). */
  legacyLinesRead: number;
  segmentsVisited: number;
}

const same = (a: SegmentDigest | undefined, b: SegmentDigest | undefined) => (a?.count ?? 0) === (b?.count ?? 0) && (a?.hash ?? '0') === (b?.hash ?? '0');

/**
 * Finds the lines that differ between the two sides by descending only into segments whose count
 * or hash differ. A segment with at most `leafLines` lines on the old side (or at `maxDepth`) is read.
 */
export async function bisect(legacy: CompareSide, lianxu: CompareSide, options: { leafLines?: number; maxDepth?: number } = {}): Promise<BisectionResult> {
  const leafLines = options.leafLines ?? 64;
  const maxDepth = options.maxDepth ?? 6;
  let under: string[] | null = null;
  const toRead: string[] = [];
  let legacyLines = 0;
  let lianxuLines = 0;
  let segmentsVisited = 0;
  for (let depth = 1; depth <= maxDepth; depth++) {
    const [a, b] = await Promise.all([legacy.digests(depth, under), lianxu.digests(depth, under)]);
    if (depth === 1) {
      for (const d of a.values()) legacyLines += d.count;
      for (const d of b.values()) lianxuLines += d.count;
    }
    const next: string[] = [];
    for (const seg of new Set([...a.keys(), ...b.keys()])) {
      segmentsVisited += 1;
      if (same(a.get(seg), b.get(seg))) continue;
      if ((a.get(seg)?.count ?? 0) <= leafLines || depth === maxDepth) toRead.push(seg);
      else next.push(seg);
    }
    if (!next.length) break;
    under = next;
  }
  if (!toRead.length) return { differences: [], legacyLines, lianxuLines, legacyLinesRead: 0, segmentsVisited };
  const [left, right] = await Promise.all([legacy.lines(toRead), lianxu.lines(toRead)]);
  return { differences: pairLines(left, right), legacyLines, lianxuLines, legacyLinesRead: left.length, segmentsVisited };
}

/** Lines keyed by (kind, subject, item); a key on both sides with the same value is no difference. */
export function pairLines(legacy: CompareLine[], lianxu: CompareLine[]): PairedDifference[] {
  const key = (l: CompareLine) => `${l.kind}|${l.subject}|${l.item}`;
  const group = (lines: CompareLine[]) => {
    const m = new Map<string, { values: string[]; line: CompareLine }>();
    for (const l of lines) {
      const g = m.get(key(l)) ?? { values: [], line: l };
      g.values.push(l.value);
      if (!g.line.label && l.label) g.line = l;
      m.set(key(l), g);
    }
    return m;
  };
  const a = group(legacy);
  const b = group(lianxu);
  const out: PairedDifference[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(k);
    const y = b.get(k);
    const lv = x ? x.values.sort().join(';') : null;
    const rv = y ? y.values.sort().join(';') : null;
    if (lv === rv) continue;
    const line = (y ?? x)!.line;
    out.push({
      kind: line.kind, subject: line.subject, item: line.item, legacy: lv, lianxu: rv,
      label: y?.line.label ?? x?.line.label ?? line.subject.slice(0, 8), employeeId: y?.line.employeeId ?? null,
    });
  }
  return out.sort((p, q) => `${p.kind}|${p.subject}|${p.item}`.localeCompare(`${q.kind}|${q.subject}|${q.item}`));
}

/** An in-memory side (Lianxu's, computed from its own tables, and the tests'). */
export function memorySide(lines: CompareLine[], totals: Map<string, bigint>): CompareSide & { lines(prefixes: string[]): Promise<CompareLine[]> } {
  return {
    digests: async (depth, under) => digestLines(lines, depth, under),
    lines: async (prefixes) => {
      const wanted = new Set(prefixes);
      const depths = [...new Set(prefixes.map((p) => p.length))];
      return lines.filter((l) => depths.some((d) => wanted.has(l.subject.slice(0, d))));
    },
    totals: async () => totals,
  };
}
