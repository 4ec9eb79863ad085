import { describe, expect, it } from '@jest/globals';
import { hashPassword, verifyPassword } from './passwords.js';
import { hashToken, isWellFormedToken, newSecretToken } from './tokens.js';

describe('secret tokens', () => {
  it('are URL-safe, carry 256 bits and differ every time', () => {
    const tokens = Array.from({ length: 100 }, newSecretToken);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(isWellFormedToken(token)).toBe(true);
    }
    expect(new Set(tokens).size).toBe(100);
  });

  it('are stored as a hash that does not reveal them', () => {
    const token = newSecretToken();
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toContain(token);
  });

  it('reject anything that is not token-shaped', () => {
    for (const bad of ['', 'short', 'has space in it but is long enough', '../../etc/passwd-long-enough-string', 42]) {
      expect(isWellFormedToken(bad)).toBe(false);
    }
  });
});

describe('passwords', () => {
  it('verify only the right password, with a fresh salt each time', async () => {
    const first = await hashPassword('correct horse battery staple');
    const second = await hashPassword('correct horse battery staple');
    expect(first).not.toBe(second);
    expect(await verifyPassword('correct horse battery staple', first)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', first)).toBe(false);
    expect(await verifyPassword('anything', 'not-a-hash')).toBe(false);
  });
});
