import { AuthError } from '@lianxu/auth';
import { DomainError, PluginHttpError } from '@lianxu/core';
import { PolicyInputError } from '@lianxu/policy';
import { ApiError } from './api-error';

/**
 * A refusal in the API's error shape: same status, code, fields, both languages. app.onError is
 * the one place that calls it (a plugin's routes hand their refusals on to it). It knows:
 * - every DomainError of core, and every AuthError (auth sits below core and carries the same shape);
 * - a plugin route's PluginHttpError (the plugin SDK's refusal, same shape);
 * - the policy engine's PolicyInputError (bad calculator input): 400 with its code, every issue
 *   named by its field.
 */
export function fromRefusal(error: unknown): ApiError | undefined {
  if (error instanceof DomainError || error instanceof AuthError || error instanceof PluginHttpError) {
    return new ApiError(error.status, error.code, error.messages, error.fields);
  }
  if (error instanceof PolicyInputError) return new ApiError(400, error.code, error.messages, error.fields);
  return undefined;
}
