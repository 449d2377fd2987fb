// COPY text of checked rows written straight into bytes. A contribution line's checked values are
// ASCII only (a row number, an ID of digits and X, a city code, a month, an insurance key, amounts
// in fen), so each row is written field by field into one growing buffer per batch instead of being
// built as a string (a million 70-character strings, then flattened and encoded again, were a large
// part of a load's garbage collection). Text that may hold anything else must not come here: it
// would need COPY's escaping (see `line` in migration.loader.ts).

export class AsciiCopyText {
  private buf = Buffer.allocUnsafe(256 * 1024);
  private pos = 0;
  rows = 0;

  private room(n: number) {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** A non-negative safe integer, then a tab or (last) a newline. */
  int(n: number, last = false): this {
    this.room(17);
    let digits = 1;
    for (let p = 10; p <= n; p *= 10) digits++;
    let v = n;
    const buf = this.buf;
    for (let i = this.pos + digits - 1; i >= this.pos; i--) {
      buf[i] = 48 + (v % 10);
      v = Math.floor(v / 10);
    }
    this.pos += digits;
    buf[this.pos++] = last ? 10 : 9;
    return this;
  }

  /** An ASCII value without tabs, newlines or backslashes, then a tab or (last) a newline. */
  ascii(text: string, last = false): this {
    const n = text.length;
    this.room(n + 1);
    const buf = this.buf;
    let pos = this.pos;
    // Short values (6 to 18 characters): a loop costs less than a call into Buffer#write.
    for (let i = 0; i < n; i++) buf[pos++] = text.charCodeAt(i);
    buf[pos++] = last ? 10 : 9;
    this.pos = pos;
    return this;
  }

  /** The rows written so far, as a buffer of their own; the writer starts again empty. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.pos));
    this.pos = 0;
    this.rows = 0;
    return out;
  }
}
