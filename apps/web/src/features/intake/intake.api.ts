import { request, type BodyOf, type Schema } from '../../api/types';

// Types come from /api/openapi.json (src/api/schema.d.ts).

export type IntakeSummary = Schema<'IntakeSummary'>;
export type Intake = Schema<'Intake'>;
export type IntakeGap = NonNullable<Schema<'IntakeGap'>>;
export type IntakeAnswers = BodyOf<'/api/intake/{slug}/{token}', 'post'>;
export type OfferBody = BodyOf<'/api/t/{tenant}/intakes', 'post'>;

const tenant = (slug: string) => ({ tenant: slug });

export const listIntakes = (slug: string) => request('get', '/api/t/{tenant}/intakes', { params: tenant(slug) });
export const getIntake = (slug: string, id: string) => request('get', '/api/t/{tenant}/intakes/{id}', { params: { tenant: slug, id } });
export const createIntake = (slug: string, body: OfferBody) => request('post', '/api/t/{tenant}/intakes', { params: tenant(slug), body });
export const confirmIntake = (slug: string, id: string) => request('post', '/api/t/{tenant}/intakes/{id}/confirm', { params: { tenant: slug, id } });
export const reissueLink = (slug: string, id: string, delivery: 'sms' | 'copy') =>
  request('post', '/api/t/{tenant}/intakes/{id}/link', { params: { tenant: slug, id }, body: { delivery } });
export const correctIntake = (slug: string, id: string, body: BodyOf<'/api/t/{tenant}/intakes/{id}', 'patch'>) =>
  request('patch', '/api/t/{tenant}/intakes/{id}', { params: { tenant: slug, id }, body });
export const formContext = (slug: string, token: string) => request('get', '/api/intake/{slug}/{token}', { params: { slug, token } });
export const submitForm = (slug: string, token: string, body: IntakeAnswers) => request('post', '/api/intake/{slug}/{token}', { params: { slug, token }, body });
