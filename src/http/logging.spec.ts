import { describe, expect, it } from '@jest/globals';
import { loggablePath } from './logging.js';
import { newSecretToken } from '../common/tokens.js';

describe('loggablePath', () => {
  it('hides secret tokens in paths and drops the query', () => {
    const token = newSecretToken();
    expect(loggablePath(`/rsvp/${token}?lang=es`)).toBe('/rsvp/:token');
    expect(loggablePath(`/api/panel/${token}/questions/1`)).toBe('/api/panel/:token/questions/1');
  });

  it('hides a token wherever it sits in a mangled link, escaped or not', () => {
    const token = newSecretToken();
    const mangled = [
      [`/rsvp/${token}.x/y`, '/rsvp/:token.x/y'],
      [`/rsvp/${token}%2Fx/y`, '/rsvp/:token%2Fx/y'],
      [`/rsvp/${token})/cancel/x`, '/rsvp/:token)/cancel/x'],
      [`/rsvp/(${token}`, '/rsvp/(:token'],
      [`/api/panel/x${token}y`, '/api/panel/:token'],
      [`/rsvp/${token.slice(0, 10)}%5F${token.slice(10)}`, '/rsvp/:token'],
    ];
    for (const [path, logged] of mangled) expect(loggablePath(path)).toBe(logged);
  });

  it('keeps ids and readable slugs', () => {
    const id = '3f2c8a1e-9b7d-4c3e-8f1a-2b3c4d5e6f70';
    expect(loggablePath(`/api/events/${id}/rsvps`)).toBe(`/api/events/${id}/rsvps`);
    expect(loggablePath('/events/forum-287g-2026-12-03')).toBe('/events/forum-287g-2026-12-03');
  });
});
