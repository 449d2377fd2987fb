import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvQuoteError, csvBatches } from './migration.csv';

async function records(bytes: Buffer, chunk = 7): Promise<string[][]> {
  // Tiny chunks: a multi-byte character and a quoted field are split between chunks.
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  const out: string[][] = [];
  for await (const batch of csvBatches(Readable.from(parts))) out.push(...batch);
  return out;
}

describe('csvBatches', () => {
  it('reads quoted fields, CRLF, a byte-order mark and Chinese split between chunks', async () => {
    const text = '\ufeff证件号码,姓名,备注\r\n110105194912310021,"张,三","第一行\n第二行"\r\n\r\n11010519491231002X,李四,"他说""好"""\r\n';
    expect(await records(Buffer.from(text, 'utf8'), 5)).toEqual([
      ['证件号码', '姓名', '备注'],
      ['110105194912310021', '张,三', '第一行\n第二行'],
      ['11010519491231002X', '李四', '他说"好"'],
    ]);
  });

  it('reads many chunks in order with the reader paused between batches', async () => {
    const lines = Array.from({ length: 5_000 }, (_, i) => `${i},王${i},${i * 2}.00`);
    const got = await records(Buffer.from(`${lines.join('\n')}\n`), 1_000);
    expect(got).toHaveLength(5_000);
    expect(got[4_999]).toEqual(['4999', '王4999', '9998.00']);
    expect(got.map((r) => r[0]).join()).toBe(lines.map((_, i) => String(i)).join());
  });

  it('refuses a quote never closed, naming the record, instead of reading the rest as one field', async () => {
    await expect(records(Buffer.from('a,b\n1,"open\n2,3\n4,5\n'))).rejects.toEqual(new CsvQuoteError(2));
  });

  it('passes on an error of the stream it reads', async () => {
    const failing = new Readable({
      read() {
        this.push('a,b\n');
        this.destroy(new Error('cannot be decrypted'));
      },
    });
    const read = async () => {
      for await (const _ of csvBatches(failing)) void _;
    };
    await expect(read()).rejects.toThrow('cannot be decrypted');
  });
});
