import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newPublishedEvent, tonight } from '../../../support/event-factory.js';
import { expectErrorShape } from '../../../support/http.js';
import { booked, rsvpBody, startMailedApp, stopMailedApp, type MailedApp } from '../../../support/rsvps.js';

const HOUR = 3600_000;

describe('the door without signal: the kept list, syncing queued scans and walk-ins, double scans', () => {
  let mailed: MailedApp;
  let moderator: { token: string };
  afterAll(() => stopMailedApp(mailed));
  beforeAll(async () => {
    mailed = await startMailedApp({}, 'Door Sync Coalition');
    moderator = await mailed.t.newMember(mailed.org.organization.id, 'moderator');
  }, 120_000);

  /** An event starting in an hour, with parties of the given sizes; returns it and their codes. */
  async function eventTonight(sizes: number[], overrides: Record<string, unknown> = {}) {
    const { t, sink, org } = mailed;
    const event = await newPublishedEvent(t, org.token, {
      capacity: 200,
      maxPartySize: 4,
      ...tonight(),
      ...overrides,
    });
    const tokens = await booked(
      t,
      sink,
      event.id,
      sizes.map((partySize, index) => rsvpBody(t, { name: `Guest ${index} Lastname`, partySize })),
    );
    const codes: string[] = [];
    for (const token of tokens) codes.push((await t.api.get(`/api/rsvps/${token}`)).body.rsvp.checkInCode);
    return { event, codes };
  }

  const sync = (eventId: string, body: object, token = mailed.org.token) =>
    mailed.t.api.post(`/api/events/${eventId}/check-ins/sync`, body, { token });
  const scan = (code: string, minutesAgo: number, extra: object = {}) => ({
    id: randomUUID(),
    code,
    at: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    ...extra,
  });

  it('keeps the list a door needs, with names only for owners and organizers, never cached', async () => {
    const { t, org } = mailed;
    const { event, codes } = await eventTonight([3, 2]);
    const list = await t.api.get(`/api/events/${event.id}/door-list`, { token: org.token });
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('no-store');
    expect(list.body.parties).toEqual([
      { rsvpId: expect.any(String), code: codes[0], partySize: 3, status: 'confirmed', checkedInAt: null, name: 'Guest 0 Lastname' },
      { rsvpId: expect.any(String), code: codes[1], partySize: 2, status: 'confirmed', checkedInAt: null, name: 'Guest 1 Lastname' },
    ]);
    const forModerator = await t.api.get(`/api/events/${event.id}/door-list`, { token: moderator.token });
    expect(forModerator.status).toBe(200);
    expect(forModerator.text).not.toContain('Guest');
    expect(forModerator.body.parties.every((party: object) => !('name' in party))).toBe(true);
  }, 60_000);

  it('records a batch sent twice once, lets the earliest scan win, and lists the double scan', async () => {
    const { t, org } = mailed;
    const { event, codes } = await eventTonight([3, 2, 1]);
    const doorA = { device: 'door-a', checkIns: [scan(codes[0]!, 5), scan(codes[1]!.toLowerCase().replace('-', ''), 4)], walkIns: [] };
    const first = await sync(event.id, doorA);
    expect(first.status).toBe(200);
    expect(first.body.results.map((result: { outcome: string }) => result.outcome)).toEqual(['checked-in', 'checked-in']);
    expect(first.body.attendance.inside).toBe(5);
    // The signal dropped before the answer came: the same batch again records nothing more.
    const again = await sync(event.id, doorA);
    expect(again.body.attendance.inside).toBe(5);
    expect(again.body.results[0]).toMatchObject({ outcome: 'checked-in', partySize: 3, firstDevice: 'door-a' });

    // Door B scanned the first party earlier, without signal: its time wins, and the double scan is listed.
    const early = scan(codes[0]!, 9);
    const doorB = await sync(
      event.id,
      { device: 'door-b', checkIns: [early, scan('ZZZ-ZZZ', 3)], walkIns: [{ id: randomUUID(), delta: 2, at: new Date().toISOString() }] },
      moderator.token,
    );
    expect(doorB.status).toBe(200);
    expect(doorB.body.results).toEqual([
      { id: early.id, outcome: 'checked-in', partySize: 3, checkedInAt: expect.any(String), firstDevice: 'door-b' },
      { id: expect.any(String), outcome: 'unknown' },
      { id: expect.any(String), outcome: 'counted' },
    ]);
    expect(Date.parse(doorB.body.results[0].checkedInAt)).toBe(Math.floor(Date.parse(early.at) / 1000) * 1000);
    expect(doorB.body.attendance).toMatchObject({ inside: 7, walkIns: 2 });
    const replayA = await sync(event.id, doorA);
    expect(replayA.body.results[0]).toMatchObject({ outcome: 'already', firstDevice: 'door-b' });

    const conflicts = await t.api.get(`/api/events/${event.id}/check-ins/conflicts`, { token: org.token });
    expect(conflicts.body).toEqual({
      items: [
        {
          code: codes[0],
          partySize: 3,
          name: 'Guest 0 Lastname',
          scans: [
            { device: 'door-b', at: expect.any(String) },
            { device: 'door-a', at: expect.any(String) },
          ],
        },
      ],
    });
    const forModerator = await t.api.get(`/api/events/${event.id}/check-ins/conflicts`, { token: moderator.token });
    expect(forModerator.text).not.toContain('Guest');
    expect(forModerator.body.items).toHaveLength(1);
    expect('name' in forModerator.body.items[0]).toBe(false);
  }, 60_000);

  it('applies an undo only when it is the latest action for the party, and an online undo holds against older offline scans', async () => {
    const { t, org } = mailed;
    const { event, codes } = await eventTonight([2, 4]);
    const checkIn = scan(codes[0]!, 10);
    await sync(event.id, { device: 'door-a', checkIns: [checkIn], walkIns: [] });
    const undo = await sync(event.id, { device: 'door-a', checkIns: [scan(codes[0]!, 8, { undo: true })], walkIns: [] });
    expect(undo.body.results[0].outcome).toBe('undone');
    expect(undo.body.attendance.inside).toBe(0);
    // An older scan from another door does not undo the undo; a later one checks the party in again.
    const older = await sync(event.id, { device: 'door-b', checkIns: [scan(codes[0]!, 9)], walkIns: [] });
    expect(older.body.results[0].outcome).toBe('undone');
    expect(older.body.attendance.inside).toBe(0);
    const later = await sync(event.id, { device: 'door-b', checkIns: [scan(codes[0]!, 2)], walkIns: [] });
    expect(later.body.results[0].outcome).toBe('checked-in');
    expect(later.body.attendance.inside).toBe(2);
    // An undo older than the latest check-in changes nothing.
    const stale = await sync(event.id, { device: 'door-c', checkIns: [scan(codes[0]!, 5, { undo: true })], walkIns: [] });
    expect(stale.body.results[0].outcome).toBe('already');
    expect(stale.body.attendance.inside).toBe(2);

    // Checked in and undone online; a scan queued offline before the undo syncs later and stays undone.
    const list = await t.api.get(`/api/events/${event.id}/door-list`, { token: org.token });
    const second = list.body.parties.find((party: { code: string }) => party.code === codes[1]);
    const queued = scan(codes[1]!, 1);
    expect((await t.api.post(`/api/events/${event.id}/check-in`, { code: codes[1] }, { token: org.token })).status).toBe(200);
    expect((await t.api.delete(`/api/events/${event.id}/rsvps/${second.rsvpId}/check-in`, { token: org.token })).status).toBe(200);
    const late = await sync(event.id, { device: 'door-d', checkIns: [queued], walkIns: [] });
    expect(late.body.results[0].outcome).toBe('undone');
    expect(late.body.attendance.inside).toBe(2);
  }, 60_000);

  it('counts walk-ins by their ids, never twice, never below zero, and clamps a device clock that runs ahead', async () => {
    const { t } = mailed;
    const { event, codes } = await eventTonight([1]);
    const plus = [1, 2, 3].map(() => ({ id: randomUUID(), delta: 1, at: new Date().toISOString() }));
    const minus = { id: randomUUID(), delta: -5, at: new Date().toISOString() };
    const body = { device: 'door-a', checkIns: [scan(codes[0]!, -120)], walkIns: [...plus, minus, plus[0]] };
    const first = await sync(event.id, body);
    expect(first.status).toBe(200);
    expect(first.body.results.map((result: { outcome: string }) => result.outcome)).toEqual([
      'checked-in',
      'counted',
      'counted',
      'counted',
      'refused',
    ]);
    expect(first.body.attendance).toMatchObject({ walkIns: 3, inside: 4 });
    expect((await sync(event.id, body)).body.attendance).toMatchObject({ walkIns: 3, inside: 4 });
    // Two hours ahead on the device is now on the server.
    const [row] = await t.sql<{ future: boolean }>(
      `SELECT checked_in_at > now() + interval '1 minute' AS future FROM rsvps WHERE event_id = $1`,
      [event.id],
    );
    expect(row!.future).toBe(false);
  }, 60_000);

  it('refuses bad batches with a 400 and records nothing of them', async () => {
    const { t } = mailed;
    const { event, codes } = await eventTonight([1]);
    const good = scan(codes[0]!, 1);
    const bad: object[] = [
      { device: 'door-a', checkIns: [{ ...good, id: 'not-a-uuid' }], walkIns: [] },
      { device: 'door-a', checkIns: [{ ...good, at: 'yesterday' }], walkIns: [] },
      { device: 'door-a', checkIns: [good], walkIns: [{ id: randomUUID(), delta: 0, at: good.at }] },
      { device: 'door-a', checkIns: [good], walkIns: [{ id: randomUUID(), delta: 11, at: good.at }] },
      { device: 'Rosa Residente <rosa@example.org>', checkIns: [good], walkIns: [] },
      { device: 'door-a', checkIns: Array.from({ length: 501 }, () => scan(codes[0]!, 1)), walkIns: [] },
      {
        device: 'door-a',
        checkIns: Array.from({ length: 300 }, () => scan(codes[0]!, 1)),
        walkIns: Array.from({ length: 201 }, () => ({ id: randomUUID(), delta: 1, at: good.at })),
      },
      { device: 'door-a', checkIns: 'all of them', walkIns: [] },
    ];
    for (const body of bad) expectErrorShape(await sync(event.id, body), 400);
    expect((await t.api.get(`/api/events/${event.id}/attendance`, { token: mailed.org.token })).body.inside).toBe(0);
    expect(await t.sql(`SELECT 1 FROM door_scans WHERE event_id = $1`, [event.id])).toHaveLength(0);
  }, 60_000);

  it('opens the door 12 hours before the start and closes it 12 hours after the end, for every way in', async () => {
    const { t, org } = mailed;
    const { event, codes } = await eventTonight([2], {
      startsAt: new Date(Date.now() + 20 * HOUR).toISOString(),
      endsAt: new Date(Date.now() + 22 * HOUR).toISOString(),
    });
    const list = await t.api.get(`/api/events/${event.id}/door-list`, { token: org.token });
    const { rsvpId } = list.status === 200 ? list.body.parties[0] : { rsvpId: undefined };
    const attempts = () => [
      t.api.get(`/api/events/${event.id}/door-list`, { token: org.token }),
      t.api.post(`/api/events/${event.id}/check-in`, { code: codes[0] }, { token: org.token }),
      sync(event.id, { device: 'door-a', checkIns: [scan(codes[0]!, 0)], walkIns: [] }),
    ];
    // Eight hours before the door opens.
    for (const response of await Promise.all(attempts())) {
      const body = expectErrorShape(response, 409);
      expect(body.code).toBe('door-closed');
      expect(body.message).toMatch(/The door opens on .*2\d{3}.*E[SD]T/);
    }
    t.clock.advance(9 * HOUR);
    try {
      expect((await t.api.get(`/api/events/${event.id}/door-list`, { token: org.token })).status).toBe(200);
      t.clock.advance(13 * HOUR + 12 * HOUR);
      const after = [...(await Promise.all(attempts()))];
      const [{ id }] = await t.sql<{ id: string }>(`SELECT id FROM rsvps WHERE event_id = $1`, [event.id]);
      after.push(await t.api.post(`/api/events/${event.id}/rsvps/${id ?? rsvpId}/check-in`, undefined, { token: org.token }));
      after.push(await t.api.delete(`/api/events/${event.id}/rsvps/${id ?? rsvpId}/check-in`, { token: org.token }));
      for (const response of after) {
        const body = expectErrorShape(response, 409);
        expect(body.code).toBe('door-closed');
        expect(body.message).toMatch(/The door closed on/);
      }
    } finally {
      t.clock.reset();
    }
  }, 60_000);

  it('settles 25 concurrent syncs of overlapping batches exactly (more than the pool has connections)', async () => {
    const { t, org } = mailed;
    const sizes = [1, 2, 3, 4, 1, 2, 3, 4];
    const { event, codes } = await eventTonight(sizes);
    const shared = { device: 'door-shared', checkIns: codes.slice(0, 4).map((code, index) => scan(code, 20 + index)), walkIns: [] };
    const sharedWalkIn = { id: randomUUID(), delta: 3, at: new Date().toISOString() };
    const batches = Array.from({ length: 25 }, (_, index) => ({
      device: `door-${index}`,
      checkIns: [...shared.checkIns, ...codes.map((code) => scan(code, index % 10))],
      walkIns: [sharedWalkIn, { id: randomUUID(), delta: 1, at: new Date().toISOString() }],
    }));
    const responses = await Promise.all(batches.map((batch) => sync(event.id, batch)));
    expect(responses.map((response) => response.status)).toEqual(batches.map(() => 200));
    const people = sizes.reduce((sum, size) => sum + size, 0);
    const attendance = await t.api.get(`/api/events/${event.id}/attendance`, { token: org.token });
    expect(attendance.body).toMatchObject({ walkIns: 3 + 25, inside: people + 3 + 25 });
    // Every party's time is its earliest scan, whichever sync brought it.
    const earliest = new Map(
      codes.map((code) => [
        code,
        Math.min(...batches.flatMap((batch) => batch.checkIns.filter((item) => item.code === code).map((item) => Date.parse(item.at)))),
      ]),
    );
    const rows = await t.sql<{ code: string; at: Date }>(
      `SELECT check_in_code AS code, checked_in_at AS at FROM rsvps WHERE event_id = $1`,
      [event.id],
    );
    expect(new Map(rows.map((row) => [row.code, row.at.getTime()]))).toEqual(earliest);
    const conflicts = await t.api.get(`/api/events/${event.id}/check-ins/conflicts`, { token: org.token });
    expect(conflicts.body.items).toHaveLength(codes.length);
    expect(conflicts.body.items[0].scans).toHaveLength(26);
  }, 120_000);
});
