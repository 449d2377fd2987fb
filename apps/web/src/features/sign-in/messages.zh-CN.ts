// zh-CN messages of sign-in (the reference: its keys and placeholders define what English must provide).
export const messages = {
  'signIn.title': '登录',
  'signIn.intro': '使用公司邮箱和密码登录连续。',
  'signIn.email': '邮箱',
  'signIn.password': '密码',
  'signIn.submit': '登录',
  'signIn.submitting': '正在登录…',
  'signIn.twoFactorTitle': '两步验证',
  'signIn.twoFactorHint': '请输入身份验证器应用中显示的 6 位验证码。',
  'signIn.code': '验证码',
  'signIn.codeFormat': '验证码是 6 位数字。',
  'signIn.verify': '验证',
  'signIn.verifying': '正在验证…',
  'signIn.back': '返回，换个账号登录',
} as const;
