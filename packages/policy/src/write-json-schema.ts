// Writes policy.schema.json (the JSON Schema of data/*.yaml) from the zod schema.
// Run after changing policy.schema.ts: npm run schema -w @lianxu/policy
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { policyJsonSchema } from './policy.schema';

export const POLICY_JSON_SCHEMA_FILE = fileURLToPath(new URL('../policy.schema.json', import.meta.url));

/** The file's exact text: two-space JSON with a trailing newline. */
export function policyJsonSchemaText(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(POLICY_JSON_SCHEMA_FILE, policyJsonSchemaText());
  console.log(`wrote ${POLICY_JSON_SCHEMA_FILE}`);
}
