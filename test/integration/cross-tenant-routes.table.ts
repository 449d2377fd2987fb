// Rows of the cross-tenant walk (cross-tenant-routes.test.ts) kept here so the walk stays under
// 500 lines: valid request bodies of the monthly close's operations, referring to `of`'s data.

interface CloseRefs {
  entity: string;
  employees: string[];
}

/** JSON bodies of the close's write operations. */
export function closeBodies(of: CloseRefs): Record<string, unknown> {
  return {
    'POST /api/t/{tenant}/close/{entityId}/{city}/{month}/bill': { lines: [{ employeeId: of.employees[0]!, personName: '甲', insurance: 'pension', periodFrom: '2024-09', periodTo: '2024-09', baseFen: 1, employerFen: 1, employeeFen: 1, collectionType: '正常应缴' }] },
    'POST /api/t/{tenant}/close/{entityId}/{city}/{month}/deductions': { rows: [{ employeeId: of.employees[0]!, insurance: 'pension', employeeFen: 1 }] },
    'POST /api/t/{tenant}/close/{entityId}/{city}/{month}/differences/{differenceId}/resolve': { action: 'accept', reason: 'x' },
    'POST /api/t/{tenant}/close/{entityId}/{city}/{month}/unlock': { reason: 'x' },
    'POST /api/t/{tenant}/close-adjustments': { entityId: of.entity, cityCode: '110100', originalMonth: '2024-09', targetMonth: '2024-10', employeeId: of.employees[0]!, insurance: 'pension', employerFen: 1, employeeFen: 0, reason: 'x' },
    'PUT /api/t/{tenant}/close-mappings/{kind}': { mapping: { employeeId: '员工ID', pension: '代扣养老' } },
  };
}

/** File bodies of the close's imports (payroll's export, the city's bill). */
export function closeRawBodies(of: CloseRefs): Record<string, { type: string; data: string }> {
  return {
    'POST /api/t/{tenant}/close/{entityId}/{city}/{month}/deductions/import': { type: 'text/csv', data: `员工ID,代扣养老\n${of.employees[0]},1.00\n` },
    'POST /api/t/{tenant}/close/{entityId}/{city}/{month}/bill/import': { type: 'text/csv', data: '证件号码,姓名,险种,费款所属期起,缴费基数,单位缴费,个人缴费\n110101199001011234,甲,养老,202409,1.00,1.00,1.00\n' },
  };
}
