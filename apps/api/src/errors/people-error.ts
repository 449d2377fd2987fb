import { DomainError } from '@lianxu/core';
import { ApiError } from './api-error';

/** Core's refusals (every DomainError) in the API's error shape: same status, code, fields, both languages. */
export function fromDomainError(error: DomainError): ApiError {
  return new ApiError(error.status, error.code, error.messages, error.fields);
}

/** Runs a core call, turning its domain errors into API errors (app.onError does the same for anything thrown). */
export async function people<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DomainError) throw fromDomainError(error);
    throw error;
  }
}
