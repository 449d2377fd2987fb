import { describe, expect, it } from 'vitest';
import { AsciiCopyText } from './migration.copy-text';

describe('AsciiCopyText', () => {
  it('writes integers and ASCII values as COPY text rows, growing as needed', () => {
    const w = new AsciiCopyText();
    const expected: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const n = i * 7919 + (i % 3 === 0 ? 0 : 1_000_000_007);
      w.int(i).ascii(`11010519491231002X`).int(n, true).rows += 1;
      expected.push(`${i}\t11010519491231002X\t${n}\n`);
    }
    expect(w.rows).toBe(20_000);
    expect(w.take().toString('latin1')).toBe(expected.join(''));
    expect(w.rows).toBe(0);
    w.int(0).int(9).int(10).int(Number.MAX_SAFE_INTEGER, true);
    expect(w.take().toString()).toBe(`0\t9\t10\t${Number.MAX_SAFE_INTEGER}\n`);
  });
});
