import { expect } from 'vitest';
import { SecretStoreError } from './secret-store.js';

/** Helpers of the secret-store tests (not imported by the hub). */

/** The SecretStoreError a promise rejects with; fails the test if it resolves or rejects otherwise. */
export async function rejection(promise: Promise<unknown>): Promise<SecretStoreError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SecretStoreError);
  return error as SecretStoreError;
}
