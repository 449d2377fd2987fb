import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CreatedAt, UpdatedAt, Defaulted } from './columns';

// Candidate intakes (0015-candidate-intakes).

export type IntakeState = 'sent' | 'submitted' | 'confirmed' | 'expired';
export type IntakeIdType = 'resident_id' | 'hmt_residence_permit';
export type IntakeHukouType = 'local-urban' | 'local-rural' | 'non-local-urban' | 'non-local-rural';

/** A candidate intake (入职登记表 link): only the token's hash is stored; ID and bank card numbers sealed. */
export interface CandidateIntakesTable {
  tenant_id: string;
  id: Generated<string>;
  token_hash: Buffer;
  expires_at: Date;
  state: Defaulted<IntakeState>;
  external_id: string | null;
  request_hash: string | null;
  entity_id: string;
  city_code: string;
  /** YYYY-MM-DD. */
  start_date: string;
  monthly_wage_fen: ColumnType<string, string | number | bigint, string | number | bigint>;
  name: string;
  mobile: string;
  id_type: IntakeIdType | null;
  id_number_cipher: Buffer | null;
  id_number_key_id: string | null;
  id_number_index: Buffer | null;
  id_number_masked: string | null;
  sex: 'male' | 'female' | null;
  birth_date: string | null;
  ethnicity: string | null;
  hukou_type: IntakeHukouType | null;
  hukou_address: string | null;
  education: string | null;
  marital_status: 'single' | 'married' | 'divorced' | 'widowed' | null;
  previous_si_account: string | null;
  previous_hf_account: string | null;
  first_insured: boolean | null;
  last_paid_month: string | null;
  bank_name: string | null;
  bank_card_cipher: Buffer | null;
  bank_card_key_id: string | null;
  bank_card_masked: string | null;
  submitted_at: Date | null;
  confirmed_at: Date | null;
  confirmed_by: string | null;
  employee_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
export type CandidateIntakeRow = Selectable<CandidateIntakesTable>;
