import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { EventChangeNotifier } from '../../../../src/events/event-changes.js';
import { expectErrorShape } from '../../../support/http.js';
import { newEvent, newPublishedEvent, panelistBody } from '../../../support/event-factory.js';
import { TestApp, type SignedUp } from '../../../support/test-app.js';

describe('panelists', () => {
  let t: TestApp;
  let org: SignedUp;
  let notifier: EventChangeNotifier;
  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.newOrganization();
    notifier = t.app.get(EventChangeNotifier);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });
  afterAll(() => t.close());

  /** Adds a panelist and captures the private link token handed to the invitation hook. */
  async function invite(eventId: string, overrides: Record<string, unknown> = {}) {
    let token = '';
    const original = notifier.panelistInvited.bind(notifier);
    jest.spyOn(notifier, 'panelistInvited').mockImplementationOnce(async (manager, panelist, event, plaintext) => {
      token = plaintext;
      return original(manager, panelist, event, plaintext);
    });
    const response = await t.api.post(`/api/events/${eventId}/panelists`, panelistBody(t, overrides), { token: org.token });
    expect(response.status).toBe(201);
    return { panelist: response.body, token };
  }

  it('invites a panelist with a private link token stored only as a hash', async () => {
    const event = await newEvent(t, org.token);
    const { panelist, token } = await invite(event.id, { name: 'Ana Abogada', language: 'es' });
    expect(panelist).toMatchObject({ name: 'Ana Abogada', status: 'invited', role: 'panelist', language: 'es', respondedAt: null });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    const [row] = await t.sql('SELECT token_hash, invite_uid, invite_sequence FROM panelists WHERE id = $1', [panelist.id]);
    expect(row.token_hash).not.toContain(token);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row).toMatchObject({ invite_uid: expect.stringMatching(/^[0-9a-f-]{36}$/), invite_sequence: 0 });
    expect(JSON.stringify(panelist)).not.toContain(token);
    const defaults = await invite(event.id, { language: undefined });
    expect(defaults.panelist.language).toBe('en');
  });

  it('validates the panelist and refuses the same email twice on one panel', async () => {
    const event = await newEvent(t, org.token);
    const post = (body: unknown) => t.api.post(`/api/events/${event.id}/panelists`, body, { token: org.token });
    for (const [override, field] of [
      [{ name: '' }, 'name'],
      [{ email: 'not-an-email' }, 'email'],
      [{ role: 'host' }, 'role'],
      [{ language: 'fr' }, 'language'],
      [{ bio: 'b'.repeat(2001) }, 'bio'],
      [{ status: 'confirmed' }, 'status'],
    ] as const) {
      const body = expectErrorShape(await post(panelistBody(t, override)), 400);
      expect(body.details?.map((detail) => detail.field)).toContain(field);
    }
    const email = t.uniqueEmail('twice');
    expect((await post(panelistBody(t, { email }))).status).toBe(201);
    expect(expectErrorShape(await post(panelistBody(t, { email: email.toUpperCase() })), 409).code).toBe('panelist-email-taken');
  });

  it('lets only owners and organizers manage the panel, and only of their own events', async () => {
    const event = await newEvent(t, org.token);
    const { panelist } = await invite(event.id);
    const moderator = await t.newMember(org.organization.id, 'moderator');
    const other = await t.newOrganization('Elsewhere');
    const base = `/api/events/${event.id}/panelists`;
    expectErrorShape(await t.api.post(base, panelistBody(t), { token: moderator.token }), 403);
    expectErrorShape(await t.api.patch(`${base}/${panelist.id}`, { name: 'X' }, { token: moderator.token }), 403);
    expectErrorShape(await t.api.delete(`${base}/${panelist.id}`, { token: moderator.token }), 403);
    expectErrorShape(await t.api.post(base, panelistBody(t)), 401);
    expectErrorShape(await t.api.post(base, panelistBody(t), { token: other.token }), 404);
    expectErrorShape(await t.api.patch(`${base}/${panelist.id}`, { name: 'X' }, { token: other.token }), 404);
    expectErrorShape(await t.api.delete(`${base}/${panelist.id}`, { token: other.token }), 404);
    expectErrorShape(await t.api.patch(`${base}/not-a-uuid`, { name: 'X' }, { token: org.token }), 404);
    const otherEvent = await newEvent(t, org.token);
    expectErrorShape(await t.api.patch(`/api/events/${otherEvent.id}/panelists/${panelist.id}`, { name: 'X' }, { token: org.token }), 404);
  });

  it('lists everyone with email and status for organizers, only confirmed public fields for anyone else', async () => {
    const event = await newPublishedEvent(t, org.token);
    const confirmed = await invite(event.id, { name: 'Yes Person' });
    await invite(event.id, { name: 'Maybe Person' });
    const declined = await invite(event.id, { name: 'No Person' });
    await t.api.post(`/api/panel/${confirmed.token}/accept`);
    await t.api.post(`/api/panel/${declined.token}/decline`);

    const managed = await t.api.get(`/api/events/${event.id}/panelists`, { token: org.token });
    expect(managed.status).toBe(200);
    expect(managed.body.items.map((item: { name: string; status: string }) => [item.name, item.status])).toEqual([
      ['Yes Person', 'confirmed'],
      ['Maybe Person', 'invited'],
      ['No Person', 'declined'],
    ]);
    expect(managed.body.items[0].email).toMatch(/@example\.org$/);

    const moderator = await t.newMember(org.organization.id, 'moderator');
    const other = await t.newOrganization('Curious');
    for (const token of [undefined, moderator.token, other.token]) {
      const response = await t.api.get(`/api/events/${event.id}/panelists`, { token });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        items: [
          { id: confirmed.panelist.id, name: 'Yes Person', affiliation: 'Legal Aid', bio: 'Immigration attorney.', role: 'panelist' },
        ],
        nextCursor: null,
      });
      expect(response.text).not.toContain('@');
    }
    const paged = await t.api.get(`/api/events/${event.id}/panelists?limit=2`, { token: org.token });
    expect(paged.body.items).toHaveLength(2);
    const rest = await t.api.get(`/api/events/${event.id}/panelists?limit=2&cursor=${paged.body.nextCursor}`, { token: org.token });
    expect(rest.body).toMatchObject({ items: [{ name: 'No Person' }], nextCursor: null });
    const forged = Buffer.from(JSON.stringify(['1; DROP TABLE panelists'])).toString('base64url');
    expectErrorShape(await t.api.get(`/api/events/${event.id}/panelists?cursor=${forged}`, { token: org.token }), 400);
  });

  it('edits and removes panelists; removal tells them and their link stops working', async () => {
    const event = await newPublishedEvent(t, org.token);
    const { panelist, token } = await invite(event.id);
    const edited = await t.api.patch(
      `/api/events/${event.id}/panelists/${panelist.id}`,
      { role: 'moderator', bio: null, language: 'es' },
      { token: org.token },
    );
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: panelist.id, role: 'moderator', bio: null, language: 'es', name: panelist.name });
    expectErrorShape(await t.api.patch(`/api/events/${event.id}/panelists/${panelist.id}`, { name: null }, { token: org.token }), 400);

    const removed = jest.spyOn(notifier, 'panelistRemoved');
    const response = await t.api.delete(`/api/events/${event.id}/panelists/${panelist.id}`, { token: org.token });
    expect(response.status).toBe(204);
    expect(removed).toHaveBeenCalledTimes(1);
    expectErrorShape(await t.api.get(`/api/panel/${token}`), 404);
    expectErrorShape(await t.api.delete(`/api/events/${event.id}/panelists/${panelist.id}`, { token: org.token }), 404);
  });

  it('shows the panelist their own details and their event through the private link, even for a draft', async () => {
    const draft = await newEvent(t, org.token, { title: 'Still a draft' });
    const { panelist, token } = await invite(draft.id);
    const response = await t.api.get(`/api/panel/${token}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      panelist: { id: panelist.id, email: panelist.email, status: 'invited' },
      event: { id: draft.id, title: 'Still a draft', status: 'draft', organization: { slug: org.organization.slug } },
    });
    for (const bad of ['x'.repeat(43), 'short', 'has%20space'.padEnd(43, 'a')]) {
      expectErrorShape(await t.api.get(`/api/panel/${bad}`), 404);
      expectErrorShape(await t.api.post(`/api/panel/${bad}/accept`), 404);
    }
  });

  it('accepts and declines: twice is harmless, minds may change, the hooks fire once per change', async () => {
    const event = await newPublishedEvent(t, org.token);
    const { token } = await invite(event.id);
    const accepted = jest.spyOn(notifier, 'panelistAccepted');
    const declined = jest.spyOn(notifier, 'panelistDeclined');

    const first = await t.api.post(`/api/panel/${token}/accept`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'confirmed', respondedAt: expect.any(String) });
    expect((await t.api.post(`/api/panel/${token}/accept`)).body.status).toBe('confirmed');
    expect(accepted).toHaveBeenCalledTimes(1);
    expect((await t.api.get(`/api/events/${event.id}`)).body.panelists).toHaveLength(1);

    const no = await t.api.post(`/api/panel/${token}/decline`);
    expect(no.body.status).toBe('declined');
    expect(declined).toHaveBeenCalledTimes(1);
    expect(declined.mock.calls[0]![3]).toBe(true);
    expect((await t.api.get(`/api/events/${event.id}`)).body.panelists).toEqual([]);
    expect((await t.api.post(`/api/panel/${token}/accept`)).body.status).toBe('confirmed');
    expect(accepted).toHaveBeenCalledTimes(2);
  });

  it('confirms once when the same link is accepted many times at once', async () => {
    const event = await newPublishedEvent(t, org.token);
    const { token } = await invite(event.id);
    const accepted = jest.spyOn(notifier, 'panelistAccepted');
    const responses = await Promise.all(Array.from({ length: 6 }, () => t.api.post(`/api/panel/${token}/accept`)));
    expect(responses.map((response) => response.status)).toEqual(Array(6).fill(200));
    expect(accepted).toHaveBeenCalledTimes(1);
  });

  it('refuses answers and new panelists once the event is cancelled', async () => {
    const event = await newPublishedEvent(t, org.token);
    const { token } = await invite(event.id);
    await t.api.post(`/api/events/${event.id}/cancel`, { reason: 'Flood' }, { token: org.token });
    expect(expectErrorShape(await t.api.post(`/api/panel/${token}/accept`), 409).code).toBe('event-cancelled');
    expect(expectErrorShape(await t.api.post(`/api/events/${event.id}/panelists`, panelistBody(t), { token: org.token }), 409).code).toBe(
      'event-cancelled',
    );
    expect((await t.api.get(`/api/panel/${token}`)).body.event.status).toBe('cancelled');
  });
});
