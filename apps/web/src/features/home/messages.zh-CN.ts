// zh-CN messages of home (the reference: its keys and placeholders define what English must provide).
export const messages = {
  'tenants.title': '单位',
  'tenants.intro': '使用连续管理社保与公积金的客户公司。',
  'tenants.col.name': '名称',
  'tenants.col.slug': '单位代码',
  'tenants.col.industry': '行业',
  'tenants.col.cities': '工作城市',
  'tenants.empty': '还没有单位。',
  'tenants.signInPrompt': '登录后可查看您有权进入的单位。',
  'tenants.loadFailed': '无法加载单位列表',
  'home.title': '我的单位',
  'home.intro': '选择要进入的公司。',
  'home.memberships': '我所属的公司',
  'home.grants': '授权给我的单位',
  'home.grantsHint': '实施顾问只能进入已获授权的单位，每次访问都会记录在审计日志中。',
  'home.none': '你还没有加入任何单位，请联系贵公司的单位管理员。',
} as const;
