import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import type { LocalizedText } from '../shared/index';

// Server-side request forgery guard for webhook URLs. In production an endpoint must be https and
// every address its host resolves to must be public: loopback, private, link-local, carrier-grade
// NAT, unique-local, multicast and unspecified ranges are refused (checked when the URL is saved
// and again before each delivery, so a host re-pointed inside the network later is caught too).
// The demo allows http and a local receiver.

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) BLOCKED.addSubnet(net, prefix, 'ipv6');

/** Whether an IP address lies in a private, loopback or otherwise internal range. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return BLOCKED.check(mapped[1]!, 'ipv4');
    return BLOCKED.check(address, 'ipv6');
  }
  return true;
}

export type Resolver = (host: string) => Promise<string[]>;
export const dnsResolver: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** Why a URL may not receive webhooks, or null when it may. */
export async function webhookUrlProblem(raw: string, options: { production: boolean; resolve?: Resolver }): Promise<LocalizedText | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { 'zh-CN': '不是有效的网址', en: 'is not a valid URL' };
  }
  if (url.username || url.password) return { 'zh-CN': '网址中不能包含用户名或密码', en: 'must not contain a user name or password' };
  if (options.production) {
    if (url.protocol !== 'https:') return { 'zh-CN': '必须是 https 网址', en: 'must be an https URL' };
  } else if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { 'zh-CN': '必须是 http 或 https 网址', en: 'must be an http or https URL' };
  }
  if (!options.production) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await (options.resolve ?? dnsResolver)(host);
  } catch {
    return { 'zh-CN': '无法解析该网址的主机名', en: 'its host name does not resolve' };
  }
  if (!addresses.length || addresses.some(isInternalAddress)) {
    return { 'zh-CN': '不能指向内网、本机或保留地址', en: 'must not point to a private, loopback or reserved address' };
  }
  return null;
}
