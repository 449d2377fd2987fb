// zh-CN messages of verify (the reference: its keys and placeholders define what English must provide).
export const messages = {
  'verify.title': '核验参保情况说明',
  'verify.intro': '输入参保情况说明上的验证码，核验该说明是否由连续出具。结果只显示出具日期和是否真实，不显示任何个人信息。',
  'verify.code': '验证码',
  'verify.codeHint': '16 位字母和数字，例如 7KQ2-M9XD-4TBA-R0VE',
  'verify.submit': '核验',
  'verify.genuine': '真实：该说明由连续于 {date} 出具。',
  'verify.notGenuine': '未找到：没有与此验证码对应的说明。请核对验证码是否抄写正确。',
  'verify.official': '参保情况说明不是官方参保证明。加盖电子印章的参保证明请到当地政务服务平台办理。',
  'statement.download': '下载参保情况说明',
  'statement.downloadEn': '英文版',
  'statement.hint': '非官方参保证明；每次下载都会生成新的验证码并留存记录。',
} as const;
