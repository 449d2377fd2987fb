/** Every error message the API can answer with, in both languages the UI speaks. */
export const ERROR_MESSAGES = {
  not_found: { 'zh-CN': '请求的资源不存在', en: 'The requested resource does not exist' },
  tenant_not_accessible: { 'zh-CN': '找不到这家公司，或您没有访问它的权限（顾问需要公司管理员授权）', en: 'This company was not found, or you have no access to it (a consultant needs a grant from its admin)' },
  route_not_found: { 'zh-CN': '没有这个接口', en: 'No such endpoint' },
  malformed_json: { 'zh-CN': '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
  payload_too_large: { 'zh-CN': '请求体过大', en: 'The request body is too large' },
  validation_failed: { 'zh-CN': '输入有误，请检查标出的字段', en: 'Some fields are invalid' },
  unsupported_media_type: { 'zh-CN': '请求体必须是 JSON（Content-Type: application/json）', en: 'The request body must be JSON (Content-Type: application/json)' },
  dependency_down: { 'zh-CN': '依赖的服务不可用', en: 'A service it depends on is unavailable' },
  internal_error: { 'zh-CN': '服务器内部错误，请稍后重试', en: 'Internal server error, please try again later' },
  too_many_requests: { 'zh-CN': '请求过于频繁，请稍后再试', en: 'Too many requests; try again shortly' },
  method_not_allowed: { 'zh-CN': '不支持此请求方法', en: 'Method not allowed' },
} as const satisfies Record<string, Record<Locale, string>>;

export type Locale = 'zh-CN' | 'en';
export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** zh-CN unless the client prefers English. */
export function localeFrom(acceptLanguage: string | undefined | null): Locale {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}
