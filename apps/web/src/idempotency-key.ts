/**
 * A fresh Idempotency-Key (a UUID v4). Made once when a form opens, so a double click or a retry
 * after a lost answer records one event, not two. crypto.randomUUID exists only in secure
 * contexts; plain http on a LAN address falls back to getRandomValues.
 */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = c.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Whether a failed write may have been recorded, so a retry must reuse its key. The API refuses a
 * 4xx with nothing written; after a network error or a 5xx the first attempt may have landed.
 */
export function keepKeyAfter(status: number): boolean {
  return status === 0 || status >= 500;
}
