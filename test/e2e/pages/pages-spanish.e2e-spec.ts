import { readFile } from 'node:fs/promises';
import { describe, expect, it } from '@jest/globals';
import { seriousA11yViolations, screenshots } from '../../support/browser.js';
import { signIn } from '../../support/console.js';
import { newEvent } from '../../support/event-factory.js';
import { FORUM, mailedAppAndBrowser } from '../../support/pages.js';
import { TEST_PASSWORD } from '../../support/test-app.js';

/** Words of the familiar voice (tú) and of the vocabulary the glossary retired. */
const TU = /\b(tu|tus|te|ti|puedes|tienes|estás|copia|usa|elige|escribe|muéstralo|inscripción|inscribirte|evento)\b/i;

/** Issue 14, item 6: a Spanish reader on a phone, from the forum page to the emails, and the organizer's CSV. */
describe('Spanish, all the way', () => {
  const suite = mailedAppAndBrowser('Coalición de Vecinos');

  it("shows the organizer's Spanish title, summary and description to Spanish readers, in pages and emails, in one voice", async () => {
    const { t, sink, org } = suite.mailed;
    const event = await newEvent(t, org.token, { ...FORUM, title: 'Know your rights night' });

    // The organizer writes the Spanish texts in the console's editor, on a phone.
    const organizer = await suite.browser.newContext({ locale: 'en-US' });
    await signIn(organizer.page, t, org.organizer.email, TEST_PASSWORD);
    await organizer.page.goto(`${t.baseUrl}/console/events/${event.id}/edit`);
    await organizer.page.getByLabel('Title in Spanish').fill('Noche de derechos');
    await organizer.page.getByLabel('Description in Spanish').fill('Las puertas abren a las 6 PM.\nLos niños son bienvenidos.');
    await organizer.page.getByRole('button', { name: 'Save' }).click();
    await organizer.page.waitForURL(`${t.baseUrl}/console/events/${event.id}?saved`);
    await organizer.context.close();
    const stored = await t.api.get(`/api/events/${event.id}`, { token: org.token });
    expect(stored.body.es).toEqual({
      title: 'Noche de derechos',
      summary: null,
      description: expect.stringMatching(/^Las puertas abren a las 6 PM\.\r?\nLos niños son bienvenidos\.$/),
    });
    const { slug } = (await t.api.post(`/api/events/${event.id}/publish`, undefined, { token: org.token })).body;

    const { context, page } = await suite.browser.newContext({ locale: 'es-US' });
    await page.goto(`${t.baseUrl}/events/${slug}`);
    expect(await page.title()).toBe('Noche de derechos · Townhall');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Noche de derechos');
    // No Spanish summary was written: the English one stands in.
    expect(await page.locator('.lead').innerText()).toBe(FORUM.summary);
    const main = await page.innerText('main');
    expect(main).toContain('Las puertas abren a las 6 PM.');
    expect(main).toMatch(/jueves, 5 de diciembre de 2030, 18:30\s*–\s*20:30 hora estándar del Pacífico/);
    expect(main).not.toMatch(/GMT/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'forum-es');

    const email = t.uniqueEmail('rosa');
    await page.getByLabel('Su nombre').fill('Rosa Martínez');
    await page.getByLabel('Correo electrónico', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Reservar mi lugar' }).click();
    await page.waitForURL(`${t.baseUrl}/events/${slug}/rsvp/sent`);
    const confirmation = await sink.waitFor(sink.to(email));
    expect(confirmation.subject).toBe('Su lugar está confirmado: Noche de derechos');
    const text = confirmation.parsed.text ?? '';
    expect(text).toContain('Hola, Rosa Martínez:');
    expect(text).toContain('Su lugar está confirmado para 1 persona. ¡Lo esperamos!');
    expect(text).toContain('muéstrelo en la puerta');
    expect(text).toMatch(/hora estándar del Pacífico/);
    expect(text).toContain('Para modificar o cancelar su reserva, use su enlace personal');
    expect(text.match(TU)).toBeNull();

    // The attendee's page, and an email about a change, name the forum in Spanish too.
    const manage = new RegExp(`${t.config.appUrl}/rsvp/([A-Za-z0-9_-]{43})`).exec(text)![1]!;
    await page.goto(`${t.baseUrl}/rsvp/${manage}`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Noche de derechos');
    await t.api.patch(`/api/events/${event.id}`, { startsAt: '2030-12-06T03:00:00Z' }, { token: org.token });
    const moved = await sink.waitFor((mail) => sink.to(email)(mail) && mail.subject.startsWith('Cambios en'));
    expect(moved.subject).toBe('Cambios en Noche de derechos');
    expect((moved.parsed.text ?? '').match(TU)).toBeNull();

    // An English reader still reads English.
    const english = await suite.browser.newContext({ locale: 'en-US' });
    await english.page.goto(`${t.baseUrl}/events/${slug}`);
    expect(await english.page.getByRole('heading', { level: 1 }).innerText()).toBe('Know your rights night');
    expect(await english.page.innerText('main')).toMatch(/PST/);
    await english.context.close();
    await context.close();
  });

  it('exports a CSV that a spreadsheet opens with its accents, from the API and the console', async () => {
    const { t, sink, org } = suite.mailed;
    const event = await newEvent(t, org.token, { ...FORUM, title: 'Forum with accents' });
    await t.api.post(`/api/events/${event.id}/publish`, undefined, { token: org.token });
    const email = t.uniqueEmail('martinez');
    await t.api.post(`/api/events/${event.id}/rsvps`, { name: 'José Martínez Núñez', email, partySize: 2, language: 'es' });
    await sink.waitFor(sink.to(email));

    const api = await fetch(`${t.baseUrl}/api/events/${event.id}/rsvps?format=csv`, { headers: { authorization: `Bearer ${org.token}` } });
    const bytes = Buffer.from(await api.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toMatch(/^id,name,email,/);
    expect(bytes.toString('utf8')).toContain('José Martínez Núñez');

    const { context, page } = await suite.browser.newContext({ locale: 'es-US', acceptDownloads: true });
    await page.goto(`${t.baseUrl}/console`);
    await page.getByLabel('Correo electrónico').fill(org.organizer.email);
    await page.getByLabel('Contraseña').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.waitForURL(`${t.baseUrl}/console`);
    await page.goto(`${t.baseUrl}/console/events/${event.id}/attendees`);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Descargar esta lista como hoja de cálculo (CSV)' }).click();
    const file = await (await download).path();
    const saved = await readFile(file);
    expect([...saved.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(saved.toString('utf8')).toContain('José Martínez Núñez');
    await context.close();
  });
});
