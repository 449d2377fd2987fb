import { describe, expect, it } from 'vitest';
import { hostOf, safeHttpUrl } from './external-link';

describe('links from data', () => {
  it('keeps http(s) addresses and refuses scripts, relative and malformed ones', () => {
    expect(safeHttpUrl('https://zwdt.sh.gov.cn/')).toBe('https://zwdt.sh.gov.cn/');
    expect(safeHttpUrl('http://en.people.cn/n3/2025/1225/c90000-20406503.html')).toBe('http://en.people.cn/n3/2025/1225/c90000-20406503.html');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('JAVASCRIPT:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,<script>alert(1)</script>')).toBeNull();
    expect(safeHttpUrl('/api/t/x/me')).toBeNull();
    expect(safeHttpUrl('not a url')).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
    expect(hostOf('https://www.shine.cn/biz/property/2409299046/')).toBe('www.shine.cn');
  });
});
