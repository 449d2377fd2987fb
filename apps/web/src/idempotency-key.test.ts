import { afterEach, describe, expect, it, vi } from 'vitest';
import { keepKeyAfter, newIdempotencyKey } from './idempotency-key';
import { workflowUrl } from './features/people/temporal-ui';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('idempotency keys', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('are distinct UUIDs, also where crypto.randomUUID is missing (plain http)', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(UUID);
    expect(newIdempotencyKey()).not.toBe(a);
    const real = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: (b: Uint8Array) => real.getRandomValues(b) });
    expect(globalThis.crypto.randomUUID).toBeUndefined();
    expect(newIdempotencyKey()).toMatch(UUID);
  });

  it('are kept for a retry only when the first attempt may have been recorded', () => {
    expect(keepKeyAfter(0)).toBe(true);
    expect(keepKeyAfter(502)).toBe(true);
    expect(keepKeyAfter(400)).toBe(false);
    expect(keepKeyAfter(409)).toBe(false);
  });
});

describe('Temporal UI links', () => {
  it('encode the workflow id, whose parts are joined by colons', () => {
    expect(workflowUrl('enroll:demo-manufacturing:e1:v1')).toBe('http://localhost:8233/namespaces/default/workflows/enroll%3Ademo-manufacturing%3Ae1%3Av1');
    expect(workflowUrl('w', 'http://temporal.example/')).toBe('http://temporal.example/namespaces/default/workflows/w');
  });
});
