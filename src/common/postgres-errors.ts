import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { DomainError } from './domain-errors.js';

/** True when a statement failed on the named unique constraint or index (or any, if none named). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && (constraint === undefined || driverError.constraint === constraint);
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
const CONNECTION_LOST = /^(Connection terminated|Client has encountered a connection error)/;
/** pg-pool's words when no connection came free within its acquire timeout (connectionTimeoutMillis). */
const POOL_TIMEOUT = 'timeout exceeded when trying to connect';
/** SQLSTATE query_canceled: statement_timeout, or an operator's pg_cancel_backend. */
const QUERY_CANCELED = '57014';

/** The driver's error behind TypeORM's wrapper, if it looks like one: by shape, not instanceof Error (a socket's error comes from Node's own realm, which under a VM, Jest's, is not this code's). */
function causeOf(error: unknown): { code?: unknown; severity?: unknown; message?: unknown } | undefined {
  const cause = error instanceof QueryFailedError ? error.driverError : error;
  return typeof cause === 'object' && cause !== null ? cause : undefined;
}

/**
 * The database is up but the request could not have its turn: every pooled connection stayed
 * busy for the acquire timeout, or a statement ran past statement_timeout (its transaction rolls
 * back). The request may well work in a few seconds.
 */
export function isDatabaseBusy(error: unknown): boolean {
  const cause = causeOf(error);
  return cause?.message === POOL_TIMEOUT || cause?.code === QUERY_CANCELED;
}

/**
 * The database cannot be reached or is going away (down, restarting, refusing connections,
 * out of connection slots), as opposed to a statement it refused: the request may well work
 * again in a moment. SQLSTATE classes 08 (connection), 57P (shutdown), 53300, and any FATAL;
 * and a transaction whose connection TypeORM gave up on when it broke, mid-transaction.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError) return true;
  const cause = causeOf(error);
  if (!cause) return false;
  const { code, severity, message } = cause;
  if (severity === 'FATAL' || severity === 'PANIC') return true;
  if (typeof code === 'string' && (UNREACHABLE.has(code) || code.startsWith('08') || code.startsWith('57P') || code === '53300'))
    return true;
  return typeof message === 'string' && CONNECTION_LOST.test(message);
}

export class DatabaseUnavailableError extends DomainError {
  /** Long enough for a restart or a failover to be noticed, short enough for a person to retry by hand. */
  readonly retryAfterSeconds = 10;

  constructor() {
    super(
      'unavailable',
      'The service is briefly unavailable (its database cannot be reached). Please try again in a moment.',
      undefined,
      'unavailable',
    );
  }
}

export class DatabaseBusyError extends DomainError {
  /** Short: the pool frees up as soon as the burst or the stuck statement is over. */
  readonly retryAfterSeconds = 5;

  constructor() {
    super(
      'unavailable',
      'The service is busy: its database did not take this request in time. Please try again in a few seconds.',
      undefined,
      'database-busy',
    );
  }
}
