import { PeopleError } from '@lianxu/core';
import { ApiError } from './api-error';

/** The people module's refusals in the API's error shape (same status, code, fields, both languages). */
export function fromPeopleError(error: PeopleError): ApiError {
  return new ApiError(error.status, error.code, error.messages, error.fields);
}

/** Runs a people-service call, turning its domain errors into API errors. */
export async function people<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof PeopleError) throw fromPeopleError(error);
    throw error;
  }
}
