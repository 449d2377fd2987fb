// #19: the one catalogue of the error codes the API answers with. Every refusal is thrown with its
// own message beside it (naming the employee, the month, the field); this list says, once per
// code, what the code means to the person reading it, in plain zh-CN and English, and which HTTP
// statuses carry it. Integrators read it as docs/errors.md (generated from here); the route fuzz
// fails on an answer whose code is not listed, and a unit test on a code at a throw site that is not.

export interface ErrorCatalogueEntry {
  /** The HTTP statuses an answer with this code comes with. */
  readonly statuses: readonly number[];
  readonly 'zh-CN': string;
  readonly en: string;
}

const e = (statuses: number[], zh: string, en: string): ErrorCatalogueEntry => ({ statuses, 'zh-CN': zh, en });

export const ERROR_CATALOGUE = {
  // Requests, sign-in and permissions
  validation_failed: e([400], '输入有误，请检查标出的字段', 'Some fields are invalid; check the fields named'),
  invalid_input: e([400], '输入有误，请检查标出的字段', 'Some fields are invalid; check the fields named'),
  malformed_json: e([400], '请求内容无法读取，不是有效的 JSON', 'The request body cannot be read: it is not valid JSON'),
  unsupported_media_type: e([415], '请求内容的文件类型不被接受', 'The request body is of a type this address does not accept'),
  payload_too_large: e([413], '上传的内容过大', 'The request body or file is too large'),
  unauthenticated: e([401], '请先登录', 'Please sign in'),
  invalid_credentials: e([401], '邮箱或密码不正确', 'The e-mail or the password is not correct'),
  wrong_password: e([401], '该邮箱已有账号，密码不正确', 'This e-mail already has an account and the password is not correct'),
  two_factor_required: e([401, 403], '需要先完成或开启两步验证', 'Two-factor sign-in must be completed or enabled first'),
  invalid_code: e([400, 401], '验证码不正确', 'The verification code is not correct'),
  too_many_attempts: e([429], '失败次数过多，请稍后再试', 'Too many failed attempts; try again later'),
  too_many_requests: e([429], '请求过于频繁，请稍后再试', 'Too many requests; try again shortly'),
  forbidden_role: e([403], '这是权限问题：您的角色不能执行此操作，请联系单位管理员', 'This is a permission matter: your role does not allow this; ask your company admin'),
  forbidden_origin: e([403], '请求来自不被允许的网站', 'The request comes from a website that is not allowed'),
  invalid_api_key: e([401], 'API 密钥无效、已过期或已撤销', 'The API key is invalid, expired or revoked'),
  missing_scope: e([403], '这是权限问题：此 API 密钥没有所需的权限', 'This is a permission matter: the API key lacks the scope needed'),
  api_key_not_allowed: e([403], 'API 密钥不能用于此操作，请登录后操作', 'API keys cannot be used for this; sign in to do it'),
  not_found: e([404], '要找的记录不存在，或您无权查看', 'The record asked for does not exist, or you may not see it'),
  route_not_found: e([404], '没有这个接口地址', 'There is no such address in the API'),
  method_not_allowed: e([405], '此接口地址不支持这种请求方法', 'This address does not accept this request method'),
  internal_error: e([500], '服务器出错，本次操作未完成，请稍后重试', 'The server failed; nothing was done; try again later'),
  unavailable: e([503], '此服务在当前服务器上暂不可用，请稍后再试', 'This service is not available on this server right now; try again later'),
  dependency_down: e([503], '系统依赖的服务暂时不可用', 'A service the system depends on is unavailable'),
  idempotency_key_reused: e([409], '同一个幂等键已用于另一个不同的请求', 'The same Idempotency-Key was already used for a different request'),
  idempotency_in_progress: e([409], '同一请求仍在处理中，请稍后再查看结果', 'The same request is still being processed; check its result shortly'),

  // Members, invitations and accounts
  invitation_invalid: e([404], '邀请链接无效、已过期、已撤销或已使用', 'The invitation link is unknown, expired, revoked or already used'),
  already_member: e([409], '该邮箱已是本单位的用户', 'This e-mail is already a user of this company'),
  last_admin: e([409], '单位至少要保留一名管理员', 'The company must keep at least one admin'),
  self_removal: e([409], '不能移除自己，请让另一位管理员操作', 'You cannot remove yourself; ask another admin'),
  already_linked: e([409], '账号或员工档案已经关联过', 'The account or the employee record is already linked'),

  // Employees, wages and custom fields
  employee_exists: e([409], '已有一名使用此身份证号的在职员工', 'An active employee with this ID number already exists'),
  employee_terminated: e([409], '该员工已离职，不能再做此操作', 'The employee has left, so this cannot be done any more'),
  already_terminated: e([409], '该员工已经离职', 'The employee has already left'),
  wage_change_exists: e([409], '同一日期起的工资已经录入', 'A wage from the same date is already recorded'),
  custom_field_exists: e([409], '已有同一编码的自定义字段', 'A custom field with the same key already exists'),
  custom_field_key_used: e([409], '这个编码已被使用过，请换一个', 'This key was used before; choose another'),
  custom_field_choice_in_use: e([409], '仍有员工选用了这个选项，不能删除', 'Employees still have this choice, so it cannot be removed'),
  custom_field_blocked: e([409], '自定义字段的这项更改不被允许', 'This change to a custom field is not allowed'),
  confirmation_required: e([409], '这项更改会影响已有数据，请确认后再提交', 'This change affects existing records; confirm it and send it again'),

  // Filing tasks and the housing fund
  task_not_pending_approval: e([409], '该申报任务不在待审批状态', 'The filing task is not waiting for approval'),
  task_already_approved: e([409], '该申报任务已经批准，正在处理', 'The filing task was already approved and is being processed'),
  task_not_rejected: e([409], '只有被退回的申报任务可以重新提交', 'Only a rejected filing task can be sent again'),
  task_not_submitted: e([409], '只有已提交、等待回执的申报任务可以录入回执', 'Only a filing task waiting for its receipt takes a receipt number'),
  task_not_manual: e([409], '该申报由系统直接向经办机构申报，无需录入回执', 'This filing goes to the bureau directly; there is no receipt to enter'),
  task_not_overdue: e([409], '这项申报还在期限内，逾期后才能登记为线下办理', 'This filing is within its deadline; it can be recorded as filed by hand once overdue'),
  task_closed: e([409], '这项申报已经办结', 'This filing is already settled'),
  task_manual_gateway: e([409], '这项申报本来就是线下办理，请录入经办机构的回执', 'This filing is made by hand anyway; enter the bureau’s receipt'),
  task_already_filed_by_hand: e([409], '这项申报已登记为线下办理', 'This filing was already recorded as filed by hand'),
  fund_filing_already_filed: e([409], '这项公积金申报已经登记过', 'This housing-fund filing was already recorded'),
  contribution_base_unavailable: e([409], '缴费基数无法计算，暂时不能申报', 'No contribution base could be computed, so nothing can be filed yet'),

  // Contribution calculator and policy data
  unknown_city: e([400, 404], '没有这个城市的政策数据', 'There is no policy data for this city'),
  invalid_month: e([400], '月份无效，请填写真实的年月', 'The month is not valid; enter a real year and month'),
  month_before_policy: e([400], '该月份早于已知最早的政策年度', 'The month is before the earliest known policy year'),
  invalid_wage: e([400], '工资无效，请填写金额', 'The wage is not valid; enter an amount'),
  wage_not_positive: e([400], '工资须大于零', 'The wage must be more than zero'),
  wage_too_large: e([400], '工资超过了允许的上限', 'The wage is above the allowed maximum'),
  invalid_hukou: e([400], '户籍须为本地或非本地', 'The household registration must be local or non-local'),
  hukou_required: e([400], '该城市按户籍计费，请选择户籍', 'This city prices by household registration; choose one'),
  invalid_rate: e([400], '费率无法识别，请填写百分比或小数，例如 12% 或 0.12', 'The rate is not understood; enter a percentage or a decimal, e.g. 12% or 0.12'),
  rate_out_of_range: e([400], '费率超出该城市允许的范围', 'The rate is outside the range the city allows'),
  rate_not_allowed: e([400], '该城市不允许这个费率', 'The city does not allow this rate'),
  invalid_amount: e([400], '金额无效，须为不小于零的整数（分）', 'The amount is not valid; it must be a whole number of fen, zero or more'),
  no_wage_history: e([400], '上一年度没有工资记录，无法计算年度缴费基数', 'There are no wages in the reference year, so the annual contribution base cannot be computed'),
  invalid_policy_record: e([400], '政策记录有误，请检查标出的项目', 'The policy record is invalid; check the items named'),
  revision_conflict: e([409], '同一城市年度的另一修订刚刚保存，请重试', 'Another revision of the same city and year was just saved; try again'),
  policy_record_not_found: e([404], '没有这条政策记录', 'There is no such policy record'),
  policy_year_not_found: e([404], '该城市没有这一年度的政策', 'The city has no policy for this year'),
  policy_revision_not_found: e([404], '没有这个政策修订', 'There is no such policy revision'),

  // Monthly close
  month_locked: e([409], '该月已锁账，不能再修改；更正请在未锁账的月份录入调整', 'The month is locked and cannot change; record corrections as adjustments in an open month'),
  month_not_locked: e([409], '这个月没有锁账', 'This month is not locked'),
  bill_missing: e([409], '还没有收到该月的社保账单，不能锁账', 'The bureau’s bill for the month has not arrived, so the month cannot be locked'),
  deductions_missing: e([409], '还没有导入该月的工资扣款，不能锁账', 'Payroll’s deductions for the month are not imported, so the month cannot be locked'),
  not_matched: e([409], '账单或扣款有变动，请先重新对账', 'The bill or the deductions changed; match the month again first'),
  differences_open: e([409], '还有差异未处理，不能锁账', 'Differences are still open, so the month cannot be locked'),
  difference_resolved: e([409], '这条差异已处理', 'This difference has already been resolved'),
  expected_unavailable: e([422], '有员工的应缴金额无法计算，请先补全政策或工资数据', 'What some employees owe cannot be computed; complete the policy or wage data first'),
  not_registered: e([409], '该用工主体在这个城市没有社保登记', 'The employing entity has no social-insurance registration in this city'),
  filing_by_hand: e([409], '该用工主体在这个城市手工申报，请导入该市的 Excel 账单', 'The entity files by hand in this city; import the city’s Excel bill'),
  bureau_not_configured: e([409], '本环境没有连接经办机构，请导入 Excel 账单', 'No bureau is connected here; import the Excel bill'),
  bureau_refused: e([502], '经办机构拒绝了这次查询', 'The bureau refused the request'),
  bureau_unavailable: e([503], '经办机构暂时无法答复，请稍后重试', 'The bureau cannot answer right now; try again later'),
  workflow_unavailable: e([503], '自动跟踪暂时无法启动，请稍后再试', 'Automatic tracking could not start; try again shortly'),
  personal_data_unavailable: e([503], '此服务未配置个人信息密钥，无法按身份证号匹配员工', 'This server has no personal-data key, so people cannot be matched by ID number'),

  // Base adjustment
  base_adjustment_decided: e([409], '这次基数调整已确认、已取消或尚未就绪', 'This base adjustment is already confirmed, cancelled or not ready yet'),
  base_adjustment_not_waiting: e([409], '这次基数调整已不在等待决定，请重新开始该城市这一年度的调整', 'This base adjustment no longer waits for a decision; start the city’s year again'),

  // Risks
  risk_finding_not_found: e([404], '没有这条风险记录', 'There is no such risk finding'),
  risk_finding_not_open: e([409], '这条风险已经确认或已解决', 'This risk finding is already acknowledged or resolved'),
  risk_action_unavailable: e([409], '这条风险没有可直接生成的补缴', 'This risk finding has no back payment to create'),
  back_payment_exists: e([409], '这个月的补缴已经生成过', 'A back payment for this month already exists'),
  back_payment_unpriced: e([409], '该月的政策数据不完整，无法计算补缴金额', 'The policy figures of the month are incomplete, so the back payment cannot be priced'),

  // Candidate intake
  intake_link_not_found: e([404], '链接无效，请核对完整链接，或联系招聘方重新发送', 'The link is not valid; check the full link or ask the employer for a new one'),
  intake_link_expired: e([410], '链接已过期，请联系招聘方重新发送', 'The link has expired; ask the employer for a new one'),
  intake_link_used: e([410], '此链接已提交过，不能再次使用', 'This link was already used to submit the form'),
  intake_state: e([409], '这份入职登记当前的状态不允许此操作', 'The candidate intake’s current state does not allow this'),
  candidate_id_reused: e([409], '此候选人编号已用于另一份不同的内容', 'This candidate id was already sent with different details'),

  // Plugins
  plugin_failed: e([500], '插件处理失败，本次操作未完成；其他功能不受影响', 'A plugin failed, so the request did not complete; the rest is unaffected'),
  plugin_not_enabled: e([409], '插件未启用，请先启用', 'The plugin is not enabled; enable it first'),
  plugin_requirement_disabled: e([409], '需要先启用这个插件所依赖的插件', 'The plugins this one needs must be enabled first'),
  plugin_required_by_enabled: e([409], '已启用的插件依赖这个插件，请先停用它们', 'Enabled plugins need this one; disable them first'),
  branch_exists: e([409], '已有同名门店', 'A branch with this name already exists'),
  branch_has_employees: e([409], '门店还有员工，请先把员工调往其他门店', 'The branch still has employees; move them to another branch first'),
  pattern_exists: e([409], '已有同一编码的班次模式', 'A shift pattern with the same code already exists'),
  attendance_record_changed: e([409], '考勤记录已被他人修改，请刷新后重试', 'The attendance record was changed by someone else; reload and try again'),
  attendance_record_concurrent: e([409], '同一考勤记录正被另一请求提交，请稍后重试', 'The same attendance record is being saved by another request; try again shortly'),

  // Data migration and the dual run
  migration_run_not_found: e([404], '没有这个迁移批次', 'There is no such migration run'),
  migration_run_exists: e([409], '这个迁移包已经装载过', 'This package was loaded already'),
  migration_loading: e([409], '迁移批次正在装载中', 'The migration run is being loaded'),
  migration_key_missing: e([409], '装载密钥已失效，请重新提交装载', 'The run’s load key is gone; start the load again'),
  migration_not_loaded: e([409], '迁移批次尚未装载完成', 'The migration run has not finished loading'),
  migration_not_validated: e([409], '迁移批次尚未通过校验', 'The migration run has not passed validation'),
  migration_not_signed_off: e([409], '转入前需要实施顾问和单位管理员都签核', 'Both the consultant and the company admin must sign off before promotion'),
  migration_not_promoting: e([409], '迁移批次不在转入中', 'The migration run is not being promoted'),
  migration_not_promoted: e([409], '迁移批次尚未转入正式数据', 'The migration run is not promoted yet'),
  migration_promoted: e([409], '迁移批次已开始转入，不能重新装载', 'The migration run is being or was promoted; it cannot be loaded again'),
  migration_not_abandonable: e([409], '正在装载、正在转入或已转入的迁移批次不能放弃', 'A run that is loading, being promoted or promoted cannot be abandoned'),
  migration_entity_not_registered: e([409], '城市的用工主体登记有变，请重新校验后再转入', 'The city’s employing entities changed; validate again before promoting'),
  migration_sandbox_dropped: e([410], '该迁移批次的校验明细已不再保留', 'The run’s validation details are no longer kept'),
  package_missing: e([409], '这个迁移批次的迁移包不在服务器上', 'The run’s package is not on this server'),
  package_format: e([422], '这不是可读取的迁移包或工作簿', 'This is not a readable migration package or workbook'),
  package_wrong_key: e([422], '传输密钥与迁移包不符', 'The transfer key does not fit the package'),
  package_signature: e([422], '迁移包清单的签名不符', 'The package manifest’s signature does not match'),
  package_tampered: e([422], '迁移包被改动过或已损坏', 'The package was altered or is damaged'),
  package_manifest_mismatch: e([422], '迁移包的文件与清单不符', 'The package’s files do not match its manifest'),
  file_empty: e([422], '文件没有表头行', 'The file has no header row'),
  file_malformed: e([422], '文件格式有误，无法分行读取', 'The file is malformed and cannot be read line by line'),
  mapping_invalid: e([422], '字段对应关系有误，请检查标出的项目', 'The column mapping is invalid; check the items named'),
  mapping_incomplete: e([422], '字段对应关系缺少必需的列', 'The column mapping lacks required columns'),
  corrections_invalid: e([422], '更正文件有误，请检查标出的行或项目', 'The corrections file is invalid; check the lines or items named'),
  source_unreachable: e([422], '无法连接旧系统数据库', 'The old system’s database cannot be reached'),
  source_auth: e([422], '旧系统数据库拒绝了这个用户名或密码', 'The old system’s database refused the user name or password'),
  source_tls_unavailable: e([422], '旧系统数据库不提供加密连接', 'The old system’s database does not offer an encrypted connection'),
  source_tls_untrusted: e([422], '旧系统数据库的证书无法验证', 'The old system’s certificate cannot be verified'),
  source_schema: e([422], '旧系统数据库中缺少需要读取的数据', 'The old system’s database lacks data that must be read'),
  dual_run_not_found: e([404], '没有这个并行运行', 'There is no such dual run'),
  dual_run_source_required: e([400], '由数据包导入的迁移批次须提供旧系统数据库的连接', 'A run loaded from a package needs the old system’s database connection'),
  dual_run_exists: e([409], '这个迁移批次的并行运行已开始', 'The dual run of this migration has already started'),
  dual_run_retired: e([409], '并行运行已结束', 'The dual run is closed'),
  dual_run_not_clean: e([409], '尚未满足结束并行运行的条件', 'The conditions to end the dual run are not met yet'),
  dual_run_disconnected: e([409], '旧系统已断开连接', 'The old system is disconnected'),
  dual_run_difference_not_found: e([404], '没有这处差异', 'There is no such difference'),
  dual_run_assignee_not_found: e([404], '该用户不是本单位的成员', 'That user is not a member of this company'),
} as const satisfies Record<string, ErrorCatalogueEntry>;

export type CataloguedErrorCode = keyof typeof ERROR_CATALOGUE;

/** Whether a code the API answered with has its catalogue entry. */
export function isCatalogued(code: unknown): code is CataloguedErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CATALOGUE, code);
}
