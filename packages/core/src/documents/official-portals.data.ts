import type { OfficialPortal } from './documents.types';

// Where each city's official, electronically sealed 参保证明 is issued. Lianxu cannot issue it; its
// statement names the portal instead. Source status: the policy reference we hold
// (shared/reference: si-policy-sources.json, policy-figures-2024-2026.md) lists no certificate
// portals, so every entry below is marked not sourced: the names and addresses are the provincial
// or municipal government service portals as commonly known, to be confirmed against an official
// page before they are shown as verified (set `sourced: true` with the page in `source`).

export interface OfficialPortalRecord extends OfficialPortal {
  /** The page that shows this portal issues the certificate; null while not sourced. */
  source: string | null;
  note: string;
}

const NOT_SOURCED = 'not sourced: not listed in the policy reference; name and address from general knowledge';

export const OFFICIAL_PORTALS: readonly OfficialPortalRecord[] = [
  { cityCode: '110100', cityName: '北京', name: '北京市人力资源和社会保障局网上服务平台', url: 'https://rsj.beijing.gov.cn/', sourced: false, source: null, note: NOT_SOURCED },
  { cityCode: '310100', cityName: '上海', name: '上海市“一网通办”', url: 'https://zwdt.sh.gov.cn/', sourced: false, source: null, note: NOT_SOURCED },
  { cityCode: '440100', cityName: '广州', name: '广东政务服务网', url: 'https://www.gdzwfw.gov.cn/', sourced: false, source: null, note: NOT_SOURCED },
  { cityCode: '440300', cityName: '深圳', name: '广东政务服务网', url: 'https://www.gdzwfw.gov.cn/', sourced: false, source: null, note: NOT_SOURCED },
  { cityCode: '330100', cityName: '杭州', name: '浙江政务服务网', url: 'https://www.zjzwfw.gov.cn/', sourced: false, source: null, note: NOT_SOURCED },
  { cityCode: '510100', cityName: '成都', name: '四川政务服务网', url: 'https://www.sczwfw.gov.cn/', sourced: false, source: null, note: NOT_SOURCED },
];

/** The national platform, for a city not listed above. */
export const NATIONAL_PORTAL: OfficialPortalRecord = {
  cityCode: '000000',
  cityName: '全国',
  name: '国家社会保险公共服务平台',
  url: 'https://si.12333.gov.cn/',
  sourced: false,
  source: null,
  note: NOT_SOURCED,
};

/** The portal for a city (by 6-digit code); the national platform when the city is not listed. */
export function officialPortalFor(cityCode: string): OfficialPortalRecord {
  return OFFICIAL_PORTALS.find((p) => p.cityCode === cityCode) ?? { ...NATIONAL_PORTAL, cityCode };
}
