import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hashToken, newSecretToken } from '../../../../src/common/tokens.js';
import type { Role } from '../../../../src/accounts/organizer.entity.js';
import { expectErrorShape } from '../../../support/http.js';
import { TEST_PASSWORD, TestApp, type SignedUp } from '../../../support/test-app.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('accepting an invitation never writes back what it read', () => {
  let t: TestApp;
  let org: SignedUp;
  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.newOrganization();
  });
  afterAll(() => t.close());

  /** An invited member and their link's token (set here, as the emailed link would carry it). */
  async function invited(role: Role): Promise<{ id: string; token: string }> {
    const response = await t.api.post(
      '/api/organization/members',
      { name: 'Ivy Invited', email: t.uniqueEmail('invited'), role },
      { token: org.token },
    );
    expect(response.status).toBe(201);
    const token = newSecretToken();
    await t.sql(`UPDATE organizers SET invitation_token_hash = $2 WHERE id = $1`, [response.body.id, hashToken(token)]);
    return { id: response.body.id, token };
  }

  const accept = (token: string) => t.api.post('/api/auth/accept-invitation', { token, password: TEST_PASSWORD });
  const member = (id: string) => `/api/organization/members/${id}`;

  it('lets exactly one of 10 concurrent accepts of one link through; the others find it used', async () => {
    for (let run = 0; run < 3; run++) {
      const { id, token } = await invited('organizer');
      const answers = await Promise.all(Array.from({ length: 10 }, () => accept(token)));
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, ...Array(9).fill(404)]);
      for (const refused of answers.filter((answer) => answer.status === 404)) expectErrorShape(refused, 404);
      expect(
        (await t.api.get('/api/me', { token: answers.find((answer) => answer.status === 200)!.body.accessToken })).body.organizer.id,
      ).toBe(id);
    }
  });

  it('never brings back a member removed while their acceptance was under way', async () => {
    for (let run = 0; run < 4; run++) {
      const { id, token } = await invited('organizer');
      const accepting = accept(token);
      await pause(20 + run * 15);
      expect((await t.api.delete(member(id), { token: org.token })).status).toBe(204);
      const accepted = await accepting;
      expect(await t.sql(`SELECT id FROM organizers WHERE id = $1`, [id])).toEqual([]);
      // Whichever came first, the removed member holds nothing that works.
      if (accepted.status === 200) expectErrorShape(await t.api.get('/api/me', { token: accepted.body.accessToken }), 401);
      else expectErrorShape(accepted, 404);
    }
  });

  it('never undoes a role change made while the acceptance was under way', async () => {
    for (let run = 0; run < 4; run++) {
      const { id, token } = await invited('organizer');
      const accepting = accept(token);
      await pause(20 + run * 15);
      expect((await t.api.patch(member(id), { role: 'moderator' }, { token: org.token })).status).toBe(200);
      expect((await accepting).status).toBe(200);
      expect(await t.sql(`SELECT role, password_hash IS NOT NULL AS active FROM organizers WHERE id = $1`, [id])).toEqual([
        { role: 'moderator', active: true },
      ]);
    }
  });
});
