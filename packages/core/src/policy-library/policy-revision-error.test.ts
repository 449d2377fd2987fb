import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/index';
import { PolicyRevisionError } from './policy-library.service';

// The API answers a refused revision from the error alone (app.onError maps every DomainError).
describe('PolicyRevisionError', () => {
  it('is a 400 naming the record field, in both languages', () => {
    const error = new PolicyRevisionError('invalid_policy_record', 'record.insurances.pension.floor', 'floor 30000 is above cap 27501');
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      status: 400,
      code: 'invalid_policy_record',
      field: 'record.insurances.pension.floor',
      problem: 'floor 30000 is above cap 27501',
      message: 'record.insurances.pension.floor: floor 30000 is above cap 27501',
      messages: { 'zh-CN': '政策记录有误：record.insurances.pension.floor：floor 30000 is above cap 27501', en: 'Invalid policy record: record.insurances.pension.floor: floor 30000 is above cap 27501' },
      fields: { 'record.insurances.pension.floor': { 'zh-CN': '此项有误（floor 30000 is above cap 27501）', en: 'floor 30000 is above cap 27501' } },
    });
  });

  it('is a 409 when another revision of the same city and year won the race', () => {
    const error = new PolicyRevisionError('revision_conflict', 'record', 'another revision was saved at the same time; try again');
    expect(error).toMatchObject({ status: 409, code: 'revision_conflict', fields: { record: { 'zh-CN': '同一城市年度的另一修订刚刚保存，请重试' } } });
  });
});
