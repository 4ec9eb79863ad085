import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe (`[A-Za-z0-9_-]`). */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Secret tokens are stored only as this hash; a fast hash suffices for 256-bit secrets. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export const SECRET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;

export function isWellFormedToken(token: unknown): token is string {
  return typeof token === 'string' && SECRET_TOKEN_PATTERN.test(token);
}
