import { describe, expect, it } from 'vitest';
import { urlOf } from './types';

describe('urlOf', () => {
  it('fills each path parameter URL-encoded and appends the query, skipping absent values', () => {
    expect(urlOf('/api/t/{tenant}/branches/{id}', { tenant: 'acme co', id: 'a/b' })).toBe('/api/t/acme%20co/branches/a%2Fb');
    expect(urlOf('/api/t/{tenant}/employees', { tenant: 'x' }, { q: '张 三', cursor: undefined, status: ['a', 'b'] })).toBe('/api/t/x/employees?q=%E5%BC%A0+%E4%B8%89&status=a&status=b');
  });

  it('refuses a route whose parameter has no value', () => {
    expect(() => urlOf('/api/t/{tenant}/home', {})).toThrow('{tenant}');
  });
});
