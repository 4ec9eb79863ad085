import { runInNewContext } from 'node:vm';
import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './postgres-errors.js';

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
});
