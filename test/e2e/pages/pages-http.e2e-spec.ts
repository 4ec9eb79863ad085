import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hashToken } from '../../../src/common/tokens.js';
import { loadForm, newForum, postForm } from '../../support/pages.js';
import { TestApp, type SignedUp } from '../../support/test-app.js';

describe('pages over HTTP: CSRF, cookies, assets and headers', () => {
  let t: TestApp;
  let org: SignedUp;
  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.newOrganization();
  });
  afterAll(() => t.close());

  it('refuses a form action without the CSRF token, with another one, or from another site, and changes nothing', async () => {
    const { undecided } = await newForum(t, org);
    const path = `/panel/${undecided.token}`;
    const { cookie, cookieValue, token } = await loadForm(t, path);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);

    const other = await loadForm(t, path);
    for (const [fields, headers] of [
      [{}, { cookie: cookieValue }],
      [{ _csrf: token }, {}],
      [{ _csrf: other.token }, { cookie: cookieValue }],
      [{ _csrf: '' }, { cookie: 'csrf=' }],
      [{ _csrf: token }, { cookie: cookieValue, 'sec-fetch-site': 'cross-site' }],
      [{ _csrf: token }, { cookie: cookieValue, 'sec-fetch-site': 'same-site' }],
    ] as const) {
      const refused = await postForm(t, `${path}/accept`, fields, headers);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await refused.text()).toContain('The form could not be verified.');
    }
    expect((await t.api.get(`/api/panel/${undecided.token}`)).body.panelist.status).toBe('invited');

    const accepted = await postForm(t, `${path}/accept`, { _csrf: token }, { cookie: cookieValue, 'sec-fetch-site': 'same-origin' });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe(path);
    expect((await t.api.get(`/api/panel/${undecided.token}`)).body.panelist.status).toBe('confirmed');
  });

  it('takes a form the browser says is from this site without the cookie, refuses one from elsewhere, and asks the token of a browser that says nothing', async () => {
    const { event } = await newForum(t, org);
    const path = `/events/${event.slug}/rsvp`;
    const fields = (email: string) => ({
      _csrf: 'a stale token from a page open for hours',
      name: 'Ana',
      email,
      partySize: '1',
      language: 'en',
    });
    const origin = new URL(t.baseUrl).origin;
    const accepted = [t.uniqueEmail('fetch-metadata'), t.uniqueEmail('origin')];
    expect((await postForm(t, path, fields(accepted[0]!), { 'sec-fetch-site': 'same-origin' })).status).toBe(303);
    expect((await postForm(t, path, fields(accepted[1]!), { origin })).status).toBe(303);
    const elsewhere: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site', origin },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
      {},
    ];
    for (const headers of elsewhere) {
      const refused = await postForm(t, path, fields(t.uniqueEmail('refused')), headers);
      expect({ headers, status: refused.status }).toEqual({ headers, status: 403 });
    }
    const rows = await t.sql<{ email: string }>('SELECT email FROM rsvps WHERE event_id = $1 ORDER BY arrival', [event.id]);
    expect(rows.map((row) => row.email)).toEqual(accepted);
  });

  it('refuses to set a password without the CSRF token', async () => {
    const [row] = await t.sql<{ id: string }>(
      `INSERT INTO organizers (organization_id, name, email, role, invitation_token_hash, invitation_expires_at)
       VALUES ($1, 'Nadia', $2, 'organizer', $3, now() + interval '1 day') RETURNING id`,
      [org.organization.id, t.uniqueEmail('nadia'), hashToken('n'.repeat(43))],
    );
    const refused = await postForm(t, `/join/${'n'.repeat(43)}`, {
      password: 'a long enough password',
      passwordConfirmation: 'a long enough password',
    });
    expect(refused.status).toBe(403);
    const [after] = await t.sql('SELECT password_hash FROM organizers WHERE id = $1', [row!.id]);
    expect(after.password_hash).toBeNull();
  });

  it('remembers a language chosen with ?lang= in a cookie that outlives the session', async () => {
    const { event } = await newForum(t, org);
    const chosen = await fetch(`${t.baseUrl}/events/${event.slug}?lang=es`, { headers: { 'accept-language': 'en' } });
    expect(await chosen.text()).toContain('<html lang="es">');
    expect(chosen.headers.get('content-language')).toBe('es');
    const lang = chosen.headers.getSetCookie().find((line) => line.startsWith('lang='))!;
    expect(lang).toMatch(/^lang=es; Max-Age=\d{7,}; Path=\/; SameSite=Lax$/);
    const remembered = await fetch(`${t.baseUrl}/`, { headers: { 'accept-language': 'en', cookie: 'lang=es' } });
    expect(await remembered.text()).toContain('<html lang="es">');
    expect(remembered.headers.getSetCookie().some((line) => line.startsWith('lang='))).toBe(false);
    const unknown = await fetch(`${t.baseUrl}/?lang=fr`, { headers: { 'accept-language': 'fr-FR, es;q=0.5, en;q=0.3' } });
    expect(await unknown.text()).toContain('<html lang="es">');
  });

  it('sends pages uncached under a strict policy, and assets cached for a year under their versioned URL', async () => {
    const home = await fetch(`${t.baseUrl}/`);
    expect(home.headers.get('cache-control')).toBe('no-store');
    const policy = home.headers.get('content-security-policy')!;
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("default-src 'self'");
    expect(policy).not.toContain('upgrade-insecure-requests'); // APP_URL is plain HTTP here
    const html = await home.text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/); // no inline script
    expect(html).not.toMatch(/\sstyle=|<style/);

    // Handlebars escapes "=" in attributes as &#x3D;, which browsers read back as "=".
    const stylesheet = /href="(\/assets\/site\.css\?v&#x3D;[\w-]+)"/.exec(html)![1]!.replace('&#x3D;', '=');
    const versioned = await fetch(`${t.baseUrl}${stylesheet}`);
    expect(versioned.status).toBe(200);
    expect(versioned.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(versioned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = versioned.headers.get('etag')!;
    const unversioned = await fetch(`${t.baseUrl}/assets/site.css`);
    expect(unversioned.headers.get('cache-control')).toBe('public, no-cache');
    expect((await fetch(`${t.baseUrl}/assets/site.css`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    for (const missing of ['/assets/nothing.css', '/assets/..%2Fi18n%2Fen.json', '/assets/layout.hbs']) {
      expect((await fetch(`${t.baseUrl}${missing}`)).status).toBe(404);
    }
  });

  it('refuses every form of the attendee, Q&A and panel pages without the CSRF token, and changes nothing', async () => {
    const { event, attorney } = await newForum(t, org);
    const [id, token] = ['00000000-0000-4000-8000-000000000000', 'r'.repeat(43)];
    const fields = { name: 'Ana', email: 'ana@example.org', partySize: '1', language: 'en', body: 'A question?', action: 'answered' };
    for (const path of [
      `/events/${event.slug}/rsvp`,
      `/events/${event.slug}/questions`,
      `/events/${event.slug}/questions/${id}/vote`,
      `/rsvp/${token}`,
      `/rsvp/${token}/cancel`,
      `/panel/${attorney.token}/questions/${id}`,
    ]) {
      expect({ path, status: (await postForm(t, path, fields)).status }).toEqual({ path, status: 403 });
    }
    expect(await t.sql('SELECT id FROM rsvps WHERE event_id = $1', [event.id])).toEqual([]);
    expect(await t.sql('SELECT id FROM questions WHERE event_id = $1', [event.id])).toEqual([]);
  });

  it('says why an RSVP was refused when the forum was cancelled meanwhile, and counts the form with the API per address', async () => {
    const { event } = await newForum(t, org);
    const form = await loadForm(t, `/events/${event.slug}`);
    await t.api.post(`/api/events/${event.id}/cancel`, { reason: 'The hall flooded.' }, { token: org.token });
    const fields = { _csrf: form.token, name: 'Ana', email: t.uniqueEmail('ana'), partySize: '1', language: 'en' };
    const refused = await postForm(t, `/events/${event.slug}/rsvp`, fields, { cookie: form.cookieValue });
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(html).toContain('Your RSVP was not saved: this forum no longer takes RSVPs.');
    expect(html).toContain('Reason: The hall flooded.');

    const open = await newForum(t, org);
    const email = t.uniqueEmail('busy');
    for (let request = 0; request < 20; request++) {
      expect((await t.api.post(`/api/events/${open.event.id}/rsvps`, { name: 'Busy', email, partySize: 1, language: 'en' })).status).toBe(
        202,
      );
    }
    const throttled = await postForm(t, `/events/${open.event.slug}/rsvp`, { ...fields, email }, { cookie: form.cookieValue });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await throttled.text()).toContain('Too many attempts');
  });
  it('heads a full forum\'s form "Join the waitlist" and repeats a field\'s own words in the error summary, in English and Spanish', async () => {
    const { event } = await newForum(t, org, { capacity: 1, waitlistEnabled: true, maxPartySize: 4 });
    expect(
      (await t.api.post(`/api/events/${event.id}/rsvps`, { name: 'Busy', email: t.uniqueEmail('busy'), partySize: 1, language: 'en' }))
        .status,
    ).toBe(202);
    const cases = [
      {
        language: 'en',
        heading: 'Join the waitlist',
        summary: 'Number of people, including you: Enter 4 or fewer.',
        field: 'Enter 4 or fewer.',
      },
      { language: 'es', heading: 'Anotarme en la lista de espera', summary: ': Escriba 4 o menos.</a>', field: 'Escriba 4 o menos.' },
    ];
    for (const { language, heading, summary, field } of cases) {
      const form = await loadForm(t, `/events/${event.slug}?lang=${language}`);
      expect(form.html).toContain(`<h2 id="rsvp-heading">${heading}</h2>`);
      expect(form.html).toContain(`<a class="jump" href="#rsvp">${heading}</a>`);
      const fields = { _csrf: form.token, name: 'Ana', email: t.uniqueEmail('ana'), partySize: '9', language };
      const refused = await postForm(t, `/events/${event.slug}/rsvp?lang=${language}`, fields, {
        cookie: form.cookieValue,
        'accept-language': language,
      });
      expect(refused.status).toBe(400);
      const html = await refused.text();
      const top = html.slice(html.indexOf('data-error-summary'), html.indexOf('</ul>', html.indexOf('data-error-summary')));
      expect(top).toContain(`<a href="#field-partySize">`);
      expect(top).toContain(summary);
      expect(html).toContain(`<p class="error" id="field-partySize-error">${field}</p>`);
    }
  });
  it('links a favicon under its versioned URL, serves it as an image, and answers /favicon.ico with it', async () => {
    const html = await (await fetch(`${t.baseUrl}/`)).text();
    const href = /<link rel="icon" href="(\/assets\/favicon\.svg\?v&#x3D;[\w-]+)" type="image\/svg\+xml">/
      .exec(html)![1]!
      .replace('&#x3D;', '=');
    const icon = await fetch(`${t.baseUrl}${href}`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(icon.headers.get('cache-control')).toContain('immutable');
    expect(await icon.text()).toMatch(/^<svg /);
    const legacy = await fetch(`${t.baseUrl}/favicon.ico`);
    expect(legacy.status).toBe(200);
    expect(legacy.headers.get('content-type')).toMatch(/^image\//);
  });
});
