/**
 * A text in both languages the product speaks: the repository's one localized-text type. It lives
 * in the lowest package so that every package shares it: core (as `Localized`/`LocalizedText`
 * from core/shared), auth's refusals, the plugin SDK's contracts, the policy engine's messages
 * and the API's error bodies.
 */
export interface Localized {
  'zh-CN': string;
  en: string;
}
