import { describe, expect, it } from '@jest/globals';
import { loggablePath } from './logging.js';
import { newSecretToken } from './tokens.js';

describe('loggablePath', () => {
  it('hides secret tokens in paths and drops the query', () => {
    const token = newSecretToken();
    expect(loggablePath(`/rsvp/${token}?lang=es`)).toBe('/rsvp/:token');
    expect(loggablePath(`/api/panel/${token}/questions/1`)).toBe('/api/panel/:token/questions/1');
  });

  it('keeps ids and readable slugs', () => {
    const id = '3f2c8a1e-9b7d-4c3e-8f1a-2b3c4d5e6f70';
    expect(loggablePath(`/api/events/${id}/rsvps`)).toBe(`/api/events/${id}/rsvps`);
    expect(loggablePath('/events/forum-287g-2026-12-03')).toBe('/events/forum-287g-2026-12-03');
  });
});
