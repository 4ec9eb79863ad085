/**
 * Token times are the real wall clock, not the Clock that tests move: the JWT library checks
 * `exp` (iat + 24 h) against the real time, and revocation is compared with `iat`.
 */
// eslint-disable-next-line no-restricted-syntax -- the JWT library's time, see above
const wallClockMs = (): number => Date.now();

/**
 * Ending every access token of an account: tokens carry `iat` in whole seconds, so the
 * revocation instant is the next whole second (every earlier token is refused, including one
 * issued in the same second), and tokens issued afterwards never date from before it.
 */
export function revocationInstant(nowMs = wallClockMs()): Date {
  return new Date((Math.floor(nowMs / 1000) + 1) * 1000);
}

/** The `iat` for a new access token of an account whose sessions were revoked at `revokedAt`. */
export function issuedAt(revokedAt: Date | null, nowMs = wallClockMs()): number {
  const now = Math.floor(nowMs / 1000);
  return revokedAt ? Math.max(now, Math.ceil(revokedAt.getTime() / 1000)) : now;
}

export function isRevoked(issuedAtSeconds: number, revokedAt: Date | null): boolean {
  return revokedAt !== null && issuedAtSeconds * 1000 < revokedAt.getTime();
}
