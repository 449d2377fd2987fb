// zh-CN messages of reports (the reference: its keys and placeholders define what English must provide).
export const messages = {
  'reports.title': '报表',
  'reports.intro': '已启用插件提供的报表，点击即可下载（需要月份的报表默认为本月）。',
  'reports.empty': '已启用的插件没有提供报表。',
  'reports.loadFailed': '报表列表加载失败',
  'reports.col.title': '报表',
  'reports.col.plugin': '插件',
  'reports.col.format': '格式',
  'reports.download': '下载',
} as const;
