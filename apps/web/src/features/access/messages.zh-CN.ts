// zh-CN messages of access (the reference: its keys and placeholders define what English must provide).
export const messages = {
  'access.title': '顾问授权',
  'access.intro': '实施顾问只能进入已授权给他们的单位，每次访问都会记入审计日志。',
  'access.usersNote': '本单位的用户和角色（邀请、改角色、移除）在“用户与角色”页面管理。',
  'access.loadFailed': '无法加载授权',
  'access.empty': '没有授权任何顾问。',
  'access.col.consultant': '顾问',
  'access.col.grantedBy': '授权人',
  'access.col.grantedAt': '授权时间',
  'access.email': '顾问邮箱',
  'access.emailHint': '必须是已有的实施顾问账号。',
  'access.grant': '授权',
  'access.revoke': '撤销授权',
  'access.revokeTitle': '撤销 {name} 的授权？',
  'access.revokeBody': '撤销后该顾问立即无法进入本单位。之后可以重新授权。',
} as const;
