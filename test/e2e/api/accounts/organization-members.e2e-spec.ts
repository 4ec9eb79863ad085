import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConsoleSessionsService } from '../../../../src/accounts/console-sessions.service.js';
import { expectErrorShape } from '../../../support/http.js';
import { SmtpSink } from '../../../support/smtp-sink.js';
import { TEST_PASSWORD, TestApp } from '../../../support/test-app.js';

const JOIN_LINK = /\/join\/([A-Za-z0-9_-]+)/;

describe('members: change of role, removal, resent invitations', () => {
  let sink: SmtpSink;
  let t: TestApp;
  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await TestApp.start({ SMTP_URL: sink.url });
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const member = (id: string) => `/api/organization/members/${id}`;

  it("lets an owner change a member's role, which applies to their next request", async () => {
    const org = await t.newOrganization();
    const colleague = await t.newMember(org.organization.id, 'organizer');
    expect((await t.api.get('/api/organization/members', { token: colleague.token })).status).toBe(200);

    const changed = await t.api.patch(member(colleague.id), { role: 'moderator' }, { token: org.token });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: colleague.id, role: 'moderator', status: 'active', email: colleague.email });
    expectErrorShape(await t.api.get('/api/organization/members', { token: colleague.token }), 403);

    expectErrorShape(await t.api.patch(member(colleague.id), { role: 'admin' }, { token: org.token }), 400);
    expectErrorShape(await t.api.patch(member(colleague.id), {}, { token: org.token }), 400);
  });

  it('lets only owners change roles, remove members or resend invitations (403)', async () => {
    const org = await t.newOrganization();
    const target = await t.newMember(org.organization.id, 'moderator');
    for (const role of ['organizer', 'moderator'] as const) {
      const { token } = await t.newMember(org.organization.id, role);
      expectErrorShape(await t.api.patch(member(target.id), { role: 'owner' }, { token }), 403);
      expectErrorShape(await t.api.delete(member(target.id), { token }), 403);
      expectErrorShape(await t.api.post(`${member(target.id)}/resend-invitation`, undefined, { token }), 403);
    }
    const [row] = await t.sql('SELECT role FROM organizers WHERE id = $1', [target.id]);
    expect(row.role).toBe('moderator');
  });

  it("answers 404 for another organization's member and for ids that are not members", async () => {
    const org = await t.newOrganization();
    const other = await t.newOrganization();
    const stranger = await t.newMember(other.organization.id, 'organizer');
    for (const id of [stranger.id, other.organizer.id, '3f2c8a1e-9b7d-4c3e-8f1a-2b3c4d5e6f70', 'not-a-uuid']) {
      expectErrorShape(await t.api.patch(member(id), { role: 'moderator' }, { token: org.token }), 404);
      expectErrorShape(await t.api.delete(member(id), { token: org.token }), 404);
      expectErrorShape(await t.api.post(`${member(id)}/resend-invitation`, undefined, { token: org.token }), 404);
    }
    const [row] = await t.sql('SELECT role FROM organizers WHERE id = $1', [stranger.id]);
    expect(row.role).toBe('organizer');
  });

  it('removes a member with 204; their access token and console session end at once', async () => {
    const org = await t.newOrganization();
    const colleague = await t.newMember(org.organization.id, 'organizer');
    const sessions = t.app.get(ConsoleSessionsService);
    const cookie = await sessions.start(colleague.id);
    expect((await t.api.get('/api/me', { token: colleague.token })).status).toBe(200);

    const removed = await t.api.delete(member(colleague.id), { token: org.token });
    expect(removed.status).toBe(204);
    expect(removed.text).toBe('');
    expectErrorShape(await t.api.get('/api/me', { token: colleague.token }), 401);
    expect(await sessions.resolve(cookie)).toBeUndefined();
    expectErrorShape(await t.api.post('/api/auth/login', { email: colleague.email, password: TEST_PASSWORD }), 401);
    const list = await t.api.get('/api/organization/members', { token: org.token });
    expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(colleague.id);
  });

  it('keeps the last owner: demoting or removing them is 409', async () => {
    const org = await t.newOrganization();
    const self = org.organizer.id;
    expectErrorShape(await t.api.patch(member(self), { role: 'organizer' }, { token: org.token }), 409);
    expect(expectErrorShape(await t.api.delete(member(self), { token: org.token }), 409).code).toBe('last-owner');
    expect((await t.api.patch(member(self), { role: 'owner' }, { token: org.token })).status).toBe(200);

    // An invited owner who never signed in does not count as the one that remains.
    const email = t.uniqueEmail('invited-owner');
    await t.api.post('/api/organization/members', { name: 'Ola Invited', email, role: 'owner' }, { token: org.token });
    expectErrorShape(await t.api.delete(member(self), { token: org.token }), 409);

    const second = await t.newMember(org.organization.id, 'owner');
    expect((await t.api.patch(member(self), { role: 'organizer' }, { token: org.token })).status).toBe(200);
    expectErrorShape(await t.api.delete(member(second.id), { token: second.token }), 409);
  });

  it('keeps an owner when two owners demote each other at the same moment', async () => {
    for (let round = 0; round < 3; round++) {
      const org = await t.newOrganization();
      const second = await t.newMember(org.organization.id, 'owner');
      const answers = await Promise.all([
        t.api.patch(member(second.id), { role: 'organizer' }, { token: org.token }),
        t.api.patch(member(org.organizer.id), { role: 'moderator' }, { token: second.token }),
      ]);
      const statuses = answers.map((answer) => answer.status).sort();
      // The loser is either the last owner (409) or no longer an owner itself (403).
      expect(statuses[0]).toBe(200);
      expect([403, 409]).toContain(statuses[1]);
      const owners = await t.sql(`SELECT id FROM organizers WHERE organization_id = $1 AND role = 'owner'`, [org.organization.id]);
      expect(owners).toHaveLength(1);
    }
  });

  it('keeps an owner when two owners remove each other at the same moment', async () => {
    for (let round = 0; round < 3; round++) {
      const org = await t.newOrganization();
      const second = await t.newMember(org.organization.id, 'owner');
      const answers = await Promise.all([
        t.api.delete(member(second.id), { token: org.token }),
        t.api.delete(member(org.organizer.id), { token: second.token }),
      ]);
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses[0]).toBe(204);
      expect([401, 403, 409]).toContain(statuses[1]);
      const owners = await t.sql(`SELECT id FROM organizers WHERE organization_id = $1 AND role = 'owner'`, [org.organization.id]);
      expect(owners).toHaveLength(1);
    }
  });

  it('resends an invitation with a fresh link; the earlier link stops working', async () => {
    const org = await t.newOrganization();
    const email = t.uniqueEmail('colleague');
    const invited = await t.api.post('/api/organization/members', { name: 'Rafa Late', email, role: 'organizer' }, { token: org.token });
    const first = (await sink.waitFor(sink.to(email))).parsed.text!.match(JOIN_LINK)![1]!;
    await t.sql(`UPDATE organizers SET invitation_expires_at = now() + interval '1 hour' WHERE id = $1`, [invited.body.id]);

    const resent = await t.api.post(`${member(invited.body.id)}/resend-invitation`, undefined, { token: org.token });
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ id: invited.body.id, status: 'invited', role: 'organizer' });
    expect(JSON.stringify(resent.body)).not.toMatch(/join\//);
    const mails = await sink.waitForCount(sink.to(email), 2);
    const second = mails[1]!.parsed.text!.match(JOIN_LINK)![1]!;
    expect(second).not.toBe(first);
    expect(mails[1]!.parsed.text).toContain('expires in 7 days');
    const [row] = await t.sql(`SELECT invitation_expires_at > now() + interval '6 days 23 hours' AS fresh FROM organizers WHERE id = $1`, [
      invited.body.id,
    ]);
    expect(row.fresh).toBe(true);

    expectErrorShape(await t.api.post('/api/auth/accept-invitation', { token: first, password: TEST_PASSWORD }), 404);
    expect((await t.api.post('/api/auth/accept-invitation', { token: second, password: TEST_PASSWORD })).status).toBe(200);
    expect(
      expectErrorShape(await t.api.post(`${member(invited.body.id)}/resend-invitation`, undefined, { token: org.token }), 409).code,
    ).toBe('member-active');
  });
});
