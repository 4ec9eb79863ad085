import { describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import { exemptFromAddressCeiling, TooManyRequestsError } from './throttling.js';

const requestOf = (method: string, headers: Record<string, string> = {}) =>
  ({ switchToHttp: () => ({ getRequest: () => ({ method, headers }) }) }) as unknown as ExecutionContext;

describe('the per-address ceiling', () => {
  it("never counts reads or members' requests, and counts every other write", () => {
    expect(exemptFromAddressCeiling(requestOf('GET'))).toBe(true);
    expect(exemptFromAddressCeiling(requestOf('HEAD'))).toBe(true);
    expect(exemptFromAddressCeiling(requestOf('POST', { authorization: 'Bearer abc.def.ghi' }))).toBe(true);
    expect(exemptFromAddressCeiling(requestOf('POST'))).toBe(false);
    expect(exemptFromAddressCeiling(requestOf('POST', { authorization: 'Basic abc' }))).toBe(false);
    expect(exemptFromAddressCeiling(requestOf('DELETE', { 'x-participant-token': 'abc' }))).toBe(false);
  });

  it('says how long to wait in whole seconds, at least one', () => {
    expect(new TooManyRequestsError(0.2).retryAfterSeconds).toBe(1);
    expect(new TooManyRequestsError(41.3).retryAfterSeconds).toBe(42);
  });
});
