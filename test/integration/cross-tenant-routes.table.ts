// Rows of the cross-tenant route test's body table (cross-tenant-routes.test.ts), kept here so
// that file stays under the line limit: valid bodies of the employee change routes.

/** `METHOD path` → a valid body of the employee change routes (termination, transfer, wage) and their previews. */
export function employeeChangeBodies(today: string): Record<string, unknown> {
  return {
    'POST /api/t/{tenant}/employees/{id}/termination': { lastWorkingDay: today, reason: '个人原因' },
    'POST /api/t/{tenant}/employees/{id}/termination/preview': { lastWorkingDay: today, reason: '个人原因' },
    'POST /api/t/{tenant}/employees/{id}/transfer': { workCity: '440300', effectiveDate: today },
    'POST /api/t/{tenant}/employees/{id}/transfer/preview': { workCity: '440300', effectiveDate: today },
    'POST /api/t/{tenant}/employees/{id}/wage': { monthlyWage: '12000.00', effectiveFrom: today },
  };
}
