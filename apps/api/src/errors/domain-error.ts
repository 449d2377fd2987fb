import { AuthError } from '@lianxu/auth';
import { DomainError } from '@lianxu/core';
import { ApiError } from './api-error';

/**
 * A refusal of core (every DomainError) or of auth (every AuthError: auth sits below core and
 * carries the same shape) in the API's error shape: same status, code, fields, both languages.
 * app.onError is the one place that calls it.
 */
export function fromRefusal(error: unknown): ApiError | undefined {
  if (error instanceof DomainError || error instanceof AuthError) return new ApiError(error.status, error.code, error.messages, error.fields);
  return undefined;
}
