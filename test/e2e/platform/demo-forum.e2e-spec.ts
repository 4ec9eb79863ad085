import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_LOGIN } from '../../../src/demo/demo-seed.service.js';
import { TestApp } from '../../support/test-app.js';

describe('the demo forum', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ SEED_DEMO: 'true' });
  });
  afterAll(() => t.close());

  it('is published a few weeks ahead in Binghamton, with its panel invited', async () => {
    const list = await t.api.get('/api/events');
    expect(list.body.items).toHaveLength(1);
    const [forum] = list.body.items;
    expect(forum).toMatchObject({
      status: 'published',
      timezone: 'America/New_York',
      capacity: 150,
      languages: ['en', 'es'],
      interpretation: expect.stringMatching(/Spanish/),
      questions: { enabled: true, moderation: 'pre', allowAnonymous: true },
      venue: { name: expect.stringMatching(/Church/), address: expect.stringMatching(/Binghamton, NY/) },
      seats: { capacity: 150, availability: 'plenty' },
      panelists: [],
    });
    const daysAhead = (Date.parse(forum.startsAt) - Date.now()) / (24 * 3600 * 1000);
    expect(daysAhead).toBeGreaterThan(14);
    expect(daysAhead).toBeLessThan(35);
    expect(forum.startsAt).toMatch(/T18:30:00-0[45]:00$/);

    const { body } = await t.api.post('/api/auth/login', DEMO_LOGIN);
    const panel = await t.api.get(`/api/events/${forum.id}/panelists`, { token: body.accessToken });
    expect(panel.body.items.map((panelist: { role: string; status: string }) => [panelist.role, panelist.status])).toEqual([
      ['panelist', 'invited'],
      ['panelist', 'invited'],
      ['panelist', 'invited'],
      ['moderator', 'invited'],
    ]);
    expect(panel.body.items.map((panelist: { affiliation: string }) => panelist.affiliation).join(' ')).toMatch(
      /Immigration Law.*Civic Association.*Jail Visitation/s,
    );
  });
});
