import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConsoleSessionsService } from '../../../src/accounts/console-sessions.service.js';
import { AuthService } from '../../../src/accounts/auth.service.js';
import { hashToken } from '../../../src/common/tokens.js';
import { TEST_PASSWORD, TestApp } from '../../support/test-app.js';

describe('console sessions, stored in PostgreSQL', () => {
  let t: TestApp;
  let sessions: ConsoleSessionsService;
  beforeAll(async () => {
    t = await TestApp.start();
    sessions = t.app.get(ConsoleSessionsService);
  });
  afterAll(() => t.close());

  async function row(token: string) {
    const [found] = await t.sql<{ last_seen_at: Date; expires_at: Date; created_at: Date }>(
      'SELECT created_at, last_seen_at, expires_at FROM console_sessions WHERE token_hash = $1',
      [hashToken(token)],
    );
    return found;
  }

  it("resolves a started session to its organizer, and stores only the token's hash", async () => {
    const { organizer } = await t.newOrganization();
    const token = await sessions.start(organizer.id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await sessions.resolve(token)).toEqual({ id: organizer.id, organizationId: organizer.organizationId, role: 'owner' });
    expect(await t.sql('SELECT id FROM console_sessions WHERE token_hash = $1', [token])).toEqual([]);
    expect(await row(token)).toBeDefined();
  });

  it('resolves nothing for a missing, malformed or unknown token', async () => {
    expect(await sessions.resolve(undefined)).toBeUndefined();
    expect(await sessions.resolve('')).toBeUndefined();
    expect(await sessions.resolve('not a token!')).toBeUndefined();
    expect(await sessions.resolve('A'.repeat(43))).toBeUndefined();
  });

  it('ends a session on sign-out, and only that one', async () => {
    const { organizer } = await t.newOrganization();
    const phone = await sessions.start(organizer.id);
    const laptop = await sessions.start(organizer.id);
    await sessions.end(phone);
    expect(await sessions.resolve(phone)).toBeUndefined();
    expect(await sessions.resolve(laptop)).toMatchObject({ id: organizer.id });
  });

  it("ends all of an organizer's sessions but the one kept, and nobody else's", async () => {
    const { organizer } = await t.newOrganization();
    const other = await t.newOrganization();
    const [kept, ended, alsoEnded] = await Promise.all([1, 2, 3].map(() => sessions.start(organizer.id)));
    const someoneElse = await sessions.start(other.organizer.id);
    await sessions.endAll(organizer.id, { except: kept });
    expect(await sessions.resolve(ended)).toBeUndefined();
    expect(await sessions.resolve(alsoEnded)).toBeUndefined();
    expect(await sessions.resolve(kept)).toMatchObject({ id: organizer.id });
    expect(await sessions.resolve(someoneElse)).toMatchObject({ id: other.organizer.id });
    await sessions.endAll(organizer.id);
    expect(await sessions.resolve(kept)).toBeUndefined();
  });

  it('expires after eight idle hours', async () => {
    const { organizer } = await t.newOrganization();
    const token = await sessions.start(organizer.id);
    const started = await row(token);
    expect(started!.expires_at.getTime() - started!.last_seen_at.getTime()).toBe(8 * 3600_000);
    await t.sql(
      `UPDATE console_sessions SET last_seen_at = now() - interval '8 hours 1 minute', expires_at = now() - interval '1 minute' WHERE token_hash = $1`,
      [hashToken(token)],
    );
    expect(await sessions.resolve(token)).toBeUndefined();
  });

  it('slides the idle expiry with use, recording activity at most once a minute', async () => {
    const { organizer } = await t.newOrganization();
    const token = await sessions.start(organizer.id);
    await t.sql(
      `UPDATE console_sessions SET created_at = now() - interval '7 hours', last_seen_at = now() - interval '7 hours', expires_at = now() + interval '1 hour' WHERE token_hash = $1`,
      [hashToken(token)],
    );
    expect(await sessions.resolve(token)).toBeDefined();
    const slid = await row(token);
    expect(slid!.expires_at.getTime()).toBeGreaterThan(Date.now() + 7.9 * 3600_000);

    // Within the minute, a request writes nothing.
    await t.sql(
      `UPDATE console_sessions SET expires_at = now() + interval '2 hours', last_seen_at = now() - interval '30 seconds' WHERE token_hash = $1`,
      [hashToken(token)],
    );
    const before = await row(token);
    expect(await sessions.resolve(token)).toBeDefined();
    expect(await row(token)).toEqual(before);
  });

  it('ends thirty days after sign-in however busy', async () => {
    const { organizer } = await t.newOrganization();
    const token = await sessions.start(organizer.id);
    await t.sql(
      `UPDATE console_sessions SET created_at = now() - interval '30 days' + interval '1 hour', last_seen_at = now() - interval '5 minutes' WHERE token_hash = $1`,
      [hashToken(token)],
    );
    expect(await sessions.resolve(token)).toBeDefined();
    const capped = await row(token);
    expect(capped!.expires_at.getTime()).toBeLessThanOrEqual(capped!.created_at.getTime() + 30 * 24 * 3600_000);
    expect(capped!.expires_at.getTime()).toBeLessThan(Date.now() + 2 * 3600_000);
  });

  it('resolves nothing once the member is removed, or has no password', async () => {
    const org = await t.newOrganization();
    const member = await t.newMember(org.organization.id, 'organizer');
    const removed = await sessions.start(member.id);
    expect(await sessions.resolve(removed)).toMatchObject({ id: member.id, role: 'organizer' });
    expect((await t.api.delete(`/api/organization/members/${member.id}`, { token: org.token })).status).toBe(204);
    expect(await sessions.resolve(removed)).toBeUndefined();

    const other = await t.newMember(org.organization.id, 'moderator');
    const passwordless = await sessions.start(other.id);
    await t.sql('UPDATE organizers SET password_hash = NULL WHERE id = $1', [other.id]);
    expect(await sessions.resolve(passwordless)).toBeUndefined();
  });

  it('shows a changed role at once', async () => {
    const org = await t.newOrganization();
    const member = await t.newMember(org.organization.id, 'organizer');
    const token = await sessions.start(member.id);
    await t.api.patch(`/api/organization/members/${member.id}`, { role: 'moderator' }, { token: org.token });
    expect(await sessions.resolve(token)).toMatchObject({ role: 'moderator' });
  });

  it('ends the other console sessions on a change of password, keeping the one that asked', async () => {
    const { organizer } = await t.newOrganization();
    const here = await sessions.start(organizer.id);
    const elsewhere = await sessions.start(organizer.id);
    const auth = t.app.get(AuthService);
    const { accessToken } = await auth.changePassword(
      organizer.id,
      { currentPassword: TEST_PASSWORD, password: 'another long password' },
      { keepConsoleSession: here },
    );
    expect(await sessions.resolve(here)).toMatchObject({ id: organizer.id });
    expect(await sessions.resolve(elsewhere)).toBeUndefined();
    expect((await t.api.get('/api/me', { token: accessToken })).status).toBe(200);
  });

  it('ends every console session on a password reset', async () => {
    const { organizer } = await t.newOrganization();
    const session = await sessions.start(organizer.id);
    const auth = t.app.get(AuthService);
    await auth.requestPasswordReset({ email: organizer.email });
    // The emailed token is only in the mail; take a known one by setting its hash.
    const token = 'R'.repeat(43);
    await t.sql('UPDATE organizers SET password_reset_token_hash = $1 WHERE id = $2', [hashToken(token), organizer.id]);
    expect(await auth.passwordResetFor(token)).toEqual({ email: organizer.email });
    const reset = await auth.confirmPasswordReset({ token, password: 'another long password' });
    expect(reset.organizerId).toBe(organizer.id);
    expect(await sessions.resolve(session)).toBeUndefined();
    await expect(auth.passwordResetFor(token)).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('is seen by every instance: a sign-out on one ends the session on the other', async () => {
    const second = await TestApp.start({ DATABASE_URL: t.databaseUrl });
    try {
      const { organizer } = await t.newOrganization();
      const token = await sessions.start(organizer.id);
      const elsewhere = second.app.get(ConsoleSessionsService);
      expect(await elsewhere.resolve(token)).toMatchObject({ id: organizer.id });
      await sessions.end(token);
      expect(await elsewhere.resolve(token)).toBeUndefined();
    } finally {
      await second.close();
    }
  });
});
