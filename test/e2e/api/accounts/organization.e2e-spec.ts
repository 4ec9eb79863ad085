import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectErrorShape } from '../../../support/http.js';
import { TestApp, type SignedUp } from '../../../support/test-app.js';

describe('organization settings, members and roles', () => {
  let t: TestApp;
  let org: SignedUp;
  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.newOrganization('Binghamton Welcome Network');
  });
  afterAll(() => t.close());

  it('lets the owner rename the organization and set its public contact address', async () => {
    const response = await t.api.patch(
      '/api/organization',
      { name: 'Binghamton Welcome Network (BWN)', contactEmail: 'forums@bwn.example.org' },
      { token: org.token },
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ name: 'Binghamton Welcome Network (BWN)', contactEmail: 'forums@bwn.example.org' });
    expect(response.body.slug).toBe(org.organization.slug);

    const cleared = await t.api.patch('/api/organization', { contactEmail: null }, { token: org.token });
    expect(cleared.body.contactEmail).toBeNull();
    expectErrorShape(await t.api.patch('/api/organization', { contactEmail: 'nope' }, { token: org.token }), 400);
    expectErrorShape(await t.api.patch('/api/organization', { name: null }, { token: org.token }), 400);
  });

  it('forbids organizers and moderators to change settings or invite members (403)', async () => {
    for (const role of ['organizer', 'moderator'] as const) {
      const member = await t.newMember(org.organization.id, role);
      expectErrorShape(await t.api.patch('/api/organization', { name: 'Taken over' }, { token: member.token }), 403);
      expectErrorShape(
        await t.api.post('/api/organization/members', { name: 'X', email: t.uniqueEmail(), role: 'owner' }, { token: member.token }),
        403,
      );
    }
    const me = await t.api.get('/api/me', { token: org.token });
    expect(me.body.organization.name).not.toBe('Taken over');
  });

  it('lets the owner invite a member, who appears as invited and cannot sign in yet', async () => {
    const email = t.uniqueEmail('colleague');
    const response = await t.api.post(
      '/api/organization/members',
      { name: 'Carmen Colleague', email, role: 'moderator' },
      { token: org.token },
    );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ email, role: 'moderator', status: 'invited', organizationId: org.organization.id });
    expect(JSON.stringify(response.body)).not.toMatch(/token/i);
    const login = await t.api.post('/api/auth/login', { email, password: 'anything at all' });
    expectErrorShape(login, 401);
    expectErrorShape(
      await t.api.post('/api/organization/members', { name: 'Again', email: email.toUpperCase(), role: 'organizer' }, { token: org.token }),
      409,
    );
    expectErrorShape(
      await t.api.post('/api/organization/members', { name: 'Bad role', email: t.uniqueEmail(), role: 'admin' }, { token: org.token }),
      400,
    );
  });

  it('rejects an unknown invitation token with 404', async () => {
    const response = await t.api.post('/api/auth/accept-invitation', {
      token: 'A'.repeat(43),
      password: 'a long enough password',
    });
    expectErrorShape(response, 404);
  });

  it('lists members page by page, and never those of another organization', async () => {
    const other = await t.newOrganization('Another Coalition');
    await t.newMember(other.organization.id, 'organizer');
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const query: string = cursor ? `?limit=1&cursor=${cursor}` : '?limit=1';
      const response = await t.api.get(`/api/organization/members${query}`, { token: org.token });
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(1);
      seen.push(
        ...response.body.items.map((member: { organizationId: string; id: string }) => {
          expect(member.organizationId).toBe(org.organization.id);
          return member.id;
        }),
      );
      cursor = response.body.nextCursor;
      if (!cursor) break;
    }
    const [{ count }] = await t.sql('SELECT count(*)::int AS count FROM organizers WHERE organization_id = $1', [org.organization.id]);
    expect(new Set(seen).size).toBe(count);
    expect(count).toBeGreaterThan(2);
    expectErrorShape(await t.api.get('/api/organization/members?cursor=garbage', { token: org.token }), 400);
    // A well-formed cursor with parts PostgreSQL would refuse is a 400 too, on every list.
    for (const key of [
      ['x', 'y'],
      ['1', '3f2c8a1e-9b7d-4c3e-8f1a-2b3c4d5e6f70'],
      ['2026', '3f2c8a1e-9b7d-4c3e-8f1a-2b3c4d5e6f70'],
    ]) {
      const cursor = Buffer.from(JSON.stringify(key)).toString('base64url');
      for (const path of ['/api/organization/members', '/api/organization/outbox', '/api/organization/events', '/api/events']) {
        expectErrorShape(await t.api.get(`${path}?cursor=${cursor}`, { token: org.token }), 400);
      }
    }
    expectErrorShape(await t.api.get('/api/organization/members?limit=500', { token: org.token }), 400);
  });

  it('takes a role change or removal into account at once', async () => {
    const member = await t.newMember(org.organization.id, 'organizer');
    expect((await t.api.get('/api/organization/members', { token: member.token })).status).toBe(200);
    await t.sql(`UPDATE organizers SET role = 'moderator' WHERE id = $1`, [member.id]);
    expectErrorShape(await t.api.get('/api/organization/members', { token: member.token }), 403);
    await t.sql('DELETE FROM organizers WHERE id = $1', [member.id]);
    expectErrorShape(await t.api.get('/api/me', { token: member.token }), 401);
  });
});
