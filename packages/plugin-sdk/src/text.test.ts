import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { localizeIssue } from './plugin-http';
import { text } from './text';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function problem(schema: z.ZodType, value: unknown) {
  const r = schema.safeParse(value);
  return r.success ? null : localizeIssue(r.error.issues[0]!);
}

describe('text()', () => {
  it('stores text NFC-normalized and trimmed', () => {
    expect(text({ max: 10 }).parse('  Cafe\u0301 ')).toBe('Café');
    expect(text({ max: 20, multiline: true }).parse('line 1\r\nline 2\tend\n')).toBe('line 1\nline 2\tend');
  });

  it('refuses a lone surrogate, NUL and control characters, in both languages', () => {
    const name = text({ max: 50 });
    expect(problem(name, 'a\ud800b')).toEqual({ en: expect.stringContaining('broken character'), 'zh-CN': expect.stringContaining('无法识别的字符') });
    expect(problem(name, 'a\u0000b')).toEqual({ en: 'must not contain the NUL character', 'zh-CN': '不能包含空字符（NUL）' });
    for (const c of ['\u0007', '\u001b', '\n', '\t', '\u0085', '\u2028']) expect(problem(name, `a${c}b`)?.en).toMatch(/control characters/);
    expect(problem(text({ max: 50, multiline: true }), 'a\u0000b')?.en).toBe('must not contain the NUL character');
    expect(problem(text({ max: 50, multiline: true }), 'a\u001bb')?.en).toMatch(/other than line breaks/);
  });

  it('counts characters (code points) after trimming; empty is required unless min is 0', () => {
    expect(problem(text({ max: 3 }), '  一二三  ')).toBeNull();
    expect(problem(text({ max: 3 }), '😀😀😀')).toBeNull();
    expect(problem(text({ max: 3 }), '一二三四')).toEqual({ en: 'at most 3 characters', 'zh-CN': '最多 3 个字' });
    expect(problem(text({ max: 3 }), '   ')).toEqual({ en: 'This field is required', 'zh-CN': '此项必填' });
    expect(text({ max: 3, min: 0 }).parse('  ')).toBe('');
    expect(problem(text({ max: 3 }), 42)?.en).toBe("Must be text");
  });

  it('anything it accepts is well-formed, NFC, trimmed, bounded and free of NUL and controls', () => {
    const schema = text({ max: 40 });
    const multi = text({ max: 40, multiline: true });
    const nasty = fc.oneof(fc.string({ unit: 'binary-ascii', maxLength: 60 }), fc.string({ unit: fc.constantFrom('a', ' ', '\u0000', '\u0007', '\n', '\r', '\t', '\ud800', '\udc00', 'e\u0301', '😀', '中', '\u2028'), maxLength: 50 }));
    fc.assert(
      fc.property(nasty, (value) => {
        for (const [s, multiline] of [[schema, false], [multi, true]] as const) {
          const r = s.safeParse(value);
          if (!r.success) continue;
          const out = r.data;
          const controls = multiline ? out.replace(/[\n\t]/g, '') : out;
          const ok =
            (out as string & { isWellFormed(): boolean }).isWellFormed() &&
            out === out.normalize('NFC') &&
            out === out.trim() &&
            !out.includes('\u0000') &&
            out.length > 0 &&
            [...out].length <= 40 &&
            !CONTROL.test(controls);
          if (!ok) return false;
        }
        return true;
      }),
      { seed: 14, numRuns: 1000 },
    );
  });
});
