import { residentIdCheckChar } from '@lianxu/bureau-sim';
import { creditCodeCheckChar } from '@lianxu/core';
import type { TenantSpec } from '@lianxu/core';

/**
 * A valid resident ID number (GB 11643 check digit) for test person `n`, born in Beijing Dongcheng
 * on a date derived from n. Different n give different numbers.
 */
export function testIdNumber(n: number, region = '110101'): string {
  // Born 1970-2011, so always a real past date of birth.
  const birth = new Date(Date.UTC(1970, 0, 1) + (n % 5000) * 86_400_000 * 3).toISOString().slice(0, 10).replace(/-/g, '');
  const seq = String(Math.floor(n / 5000) % 1000).padStart(3, '0');
  const body = `${region}${birth}${seq}`;
  return body + residentIdCheckChar(body);
}

/** A valid 统一社会信用代码 built from a numeric seed. */
export function testCreditCode(seed: number): string {
  const first = `91310000MA${String(seed % 10_000_000).padStart(7, '0')}`;
  return first + creditCodeCheckChar(first);
}

/** A tenant with one entity filing through bureau-sim in Shanghai and Shenzhen (and Beijing). */
export function lifecycleTenantSpec(slug: string, options: { approvalRequired?: boolean; gateway?: 'bureau-sim' | 'filing-file'; seed?: number } = {}): TenantSpec {
  const gateway = options.gateway ?? 'bureau-sim';
  return {
    slug,
    name: `${slug} 有限公司`,
    industry: 'services',
    workCities: [{ code: '310100', name: '上海', cutoffDay: 25 }, { code: '440300', name: '深圳', cutoffDay: 25 }, { code: '110100', name: '北京', cutoffDay: 25 }],
    settings: { warnDay: 25, approvalRequired: options.approvalRequired ?? false },
    entities: [{
      name: `${slug} 有限公司`,
      creditCode: testCreditCode(options.seed ?? Math.floor(Math.random() * 9_000_000)),
      registrations: ['310100', '440300', '110100'].map((city) => ({ city, agency: 'social_insurance' as const, number: `SI-${city}-1`, gateway })),
    }],
    demo: {
      users: [
        { email: `hr@${slug}.test`, name: 'HR', role: 'hr', mobile: '13700000001' },
        { email: `admin@${slug}.test`, name: 'Admin', role: 'tenant_admin', mobile: '13700000002' },
      ],
      consultants: [],
    },
  };
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚'];

/** A plausible Chinese name for test person `n` (names may not contain digits). */
export function testPersonName(n: number): string {
  return `${SURNAMES[n % SURNAMES.length]}${GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length]}`;
}
