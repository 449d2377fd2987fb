import type { Kysely } from 'kysely';
import type { Database } from '@lianxu/db';
import { maskIdNumber } from '../shared/index';
import { maskBankCard, type CheckedAnswers } from './intake.checks';
import type { IntakeServiceDeps } from './intake.types';

type Trx = Kysely<Database>;

/** The stored columns of checked answers: masked numbers in clear, the full ones sealed by the vault. */
function sealedAnswers(a: CheckedAnswers) {
  return {
    id_type: a.idType,
    id_number_masked: maskIdNumber(a.idNumber),
    name: a.name,
    sex: a.sex,
    birth_date: a.birthDate,
    ethnicity: a.ethnicity,
    hukou_type: a.hukouType,
    hukou_address: a.hukouAddress,
    mobile: a.mobile,
    education: a.education,
    marital_status: a.maritalStatus,
    previous_si_account: a.previousSiAccount,
    previous_hf_account: a.previousHfAccount,
    first_insured: a.firstInsured,
    last_paid_month: a.lastPaidMonth,
    bank_name: a.bankName,
    bank_card_masked: maskBankCard(a.bankCard),
  };
}

/** The sealed columns of the answers' ID and bank card numbers (the vault, as for employees). */
export async function sealAnswers(deps: Pick<IntakeServiceDeps, 'vault'>, trx: Trx, tenantId: string, a: CheckedAnswers) {
  const [id, card] = [await deps.vault.encrypt(trx, tenantId, a.idNumber), await deps.vault.encrypt(trx, tenantId, a.bankCard)];
  return {
    ...sealedAnswers(a),
    id_number_cipher: id.cipher,
    id_number_key_id: id.keyId,
    id_number_index: deps.vault.blindIndex(tenantId, a.idNumber),
    bank_card_cipher: card.cipher,
    bank_card_key_id: card.keyId,
  };
}
