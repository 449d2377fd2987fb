// zh-CN messages of tenant (the reference: its keys and placeholders define what English must provide).
export const messages = {
  'tenantHome.navLabel': '租户导航',
  'tenantHome.nav.home': '首页',
  'tenantHome.yourRole': '你的角色',
  'tenantHome.industry': '行业',
  'tenantHome.slug': '标识',
  'tenantHome.loadFailed': '无法打开该租户',
  'tenantHome.nav.employees': '员工',
  'tenantHome.nav.tasks': '申报任务',
  'tenantHome.nav.inbox': '收件箱',
  'tenantHome.nav.reports': '报表',
  'tenantHome.nav.smsOutbox': '短信发件箱',
  'tenant.roleCannot': '你的角色不能使用此页面。',
  'tenantHome.nav.plugins': '插件',
  'tenantHome.nav.customFields': '自定义字段',
  'tenantHome.nav.access': '顾问授权',
  'tenantHome.nav.members': '用户与角色',
} as const;
