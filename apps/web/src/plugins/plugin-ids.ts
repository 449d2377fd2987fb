// Ids of the plugins the web app has panels for (they cross the API boundary: plugin routes and
// GET /plugins answer with them).
export const RETAIL_BRANCHES = 'retail-branches';
export const MANUFACTURING_SHIFTS = 'manufacturing-shifts';
