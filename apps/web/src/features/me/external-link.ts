// Addresses that come as data (policy sources, portals) become links only when they are http(s):
// a `javascript:` or malformed address in a data file must never be clickable.

/** The address as written when it is an absolute http(s) URL, else null. */
export function safeHttpUrl(address: string | null | undefined): string | null {
  if (!address) return null;
  try {
    const url = new URL(address);
    return url.protocol === 'https:' || url.protocol === 'http:' ? address : null;
  } catch {
    return null;
  }
}

/** The host of a safe address ("www.shine.cn"), for a link without a better text. */
export function hostOf(address: string): string {
  try {
    return new URL(address).hostname;
  } catch {
    return address;
  }
}
