/** Small helpers for the client's tests: a JSON answer, and the error data of a call that must fail. */
import { expect } from 'vitest';
import { OctogenError, type OctogenErrorData } from '../../../lib/octogen/errors';

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export async function failure(promise: Promise<unknown>): Promise<OctogenErrorData> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(OctogenError);
    return (error as OctogenError).data;
  }
  throw new Error('expected the call to fail');
}
