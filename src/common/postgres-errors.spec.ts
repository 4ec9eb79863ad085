import { runInNewContext } from 'node:vm';
import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { isDatabaseBusy, isDatabaseUnavailable } from './postgres-errors.js';

/** An error as the driver passes it on: made by Node itself, so under a VM from another realm than this code's. */
const driverError = (message: string, fields: Record<string, string>) =>
  Object.assign(runInNewContext(`new Error(${JSON.stringify(message)})`) as Error, fields);

describe('telling a database outage from a refused statement', () => {
  it('counts a connection reset mid-transaction as an outage, whatever realm the socket error came from', () => {
    const reset = driverError('read ECONNRESET', { code: 'ECONNRESET', syscall: 'read' });
    expect(reset instanceof Error).toBe(false);
    expect(isDatabaseUnavailable(new QueryFailedError('START TRANSACTION', [], reset))).toBe(true);
    expect(isDatabaseUnavailable(driverError('Connection terminated unexpectedly', {}))).toBe(true);
    expect(isDatabaseUnavailable(driverError('terminating connection due to administrator command', { code: '57P01' }))).toBe(true);
  });

  it('does not count a statement the database refused, or anything that is not an error', () => {
    const duplicate = driverError('duplicate key value violates unique constraint', { code: '23505', severity: 'ERROR' });
    expect(isDatabaseUnavailable(new QueryFailedError('INSERT', [], duplicate))).toBe(false);
    expect(isDatabaseUnavailable('ECONNRESET')).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });

  it('tells a busy database (no pooled connection in time, a statement past its timeout) from one that is gone', () => {
    const waited = driverError('timeout exceeded when trying to connect', {});
    const tooLong = new QueryFailedError('SELECT', [], driverError('canceling statement due to statement timeout', { code: '57014' }));
    for (const busy of [waited, tooLong]) {
      expect(isDatabaseBusy(busy)).toBe(true);
      expect(isDatabaseUnavailable(busy)).toBe(false);
    }
    const unreachable = driverError('Connection terminated due to connection timeout', {});
    expect(isDatabaseBusy(unreachable)).toBe(false);
    expect(isDatabaseUnavailable(unreachable)).toBe(true);
  });
});
