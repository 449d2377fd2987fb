import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_POLICY_DATA_DIR } from './policy.loader';

/** A shipped data file parsed (not validated), for tests that edit a record. */
export function rawRecord(file: string): any {
  return parse(readFileSync(join(DEFAULT_POLICY_DATA_DIR, file), 'utf8'));
}
