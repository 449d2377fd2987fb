// Value helpers every module uses, written once in @lianxu/db (the lowest package, which
// bureau-sim shares too) and offered here under core's names.
export { canonicalJson } from '@lianxu/db';
