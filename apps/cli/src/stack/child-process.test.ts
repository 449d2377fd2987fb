import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { prefixLines } from './child-process';

async function prefixed(chunks: Buffer[]): Promise<string> {
  const input = new PassThrough();
  let out = '';
  prefixLines(input, 'worker', { write: (s: string) => ((out += s), true) } as never);
  for (const chunk of chunks) {
    input.write(chunk);
    // Each chunk arrives on its own, as pipe reads do.
    await new Promise((r) => setImmediate(r));
  }
  input.end();
  await new Promise((r) => setImmediate(r));
  return out;
}

describe('child output prefixing', () => {
  it('keeps a Chinese character whole when a chunk boundary cuts through its bytes', async () => {
    const bytes = Buffer.from('增员已提交\n本经办机构没有该申报记录\n', 'utf8');
    // '增' is 3 bytes: cut after its first byte, and again inside '没'.
    const cut1 = 1;
    const cut2 = bytes.indexOf(Buffer.from('没', 'utf8')) + 2;
    const out = await prefixed([bytes.subarray(0, cut1), bytes.subarray(cut1, cut2), bytes.subarray(cut2)]);
    expect(out).toBe('[worker] 增员已提交\n[worker] 本经办机构没有该申报记录\n');
    expect(out).not.toContain('\uFFFD');
  });

  it('joins a line split across chunks, drops blank lines and flushes a last line without a newline', async () => {
    const out = await prefixed([Buffer.from('first half, '), Buffer.from('second half\n\n  \r\nlast')]);
    expect(out).toBe('[worker] first half, second half\n[worker] last\n');
  });
});
