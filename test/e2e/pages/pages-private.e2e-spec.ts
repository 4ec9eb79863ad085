import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { OrganizationsService } from '../../../src/accounts/organizations.service.js';
import { screenshots, seriousA11yViolations, TestBrowser } from '../../support/browser.js';
import { newEvent } from '../../support/event-factory.js';
import { EMAIL_LIKE, invitePanelist, newForum } from '../../support/pages.js';
import { TestApp, type SignedUp } from '../../support/test-app.js';

describe('private-link pages in a browser: panelists and invited colleagues', () => {
  let t: TestApp;
  let org: SignedUp;
  let browser: TestBrowser;
  beforeAll(async () => {
    t = await TestApp.start();
    browser = await TestBrowser.launch();
    org = await t.newOrganization('Broome Residents Coalition');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Invites a member through the API and keeps the token that only the invitation email carries. */
  async function inviteColleague(name: string, role: string) {
    const inviting = jest.spyOn(t.app.get(OrganizationsService), 'inviteMember');
    const email = t.uniqueEmail('colleague');
    const response = await t.api.post('/api/organization/members', { name, email, role }, { token: org.token });
    expect(response.status).toBe(201);
    const { token } = await (inviting.mock.results[0]!.value as ReturnType<OrganizationsService['inviteMember']>);
    inviting.mockRestore();
    return { email, token };
  }

  it('lets a panelist accept through the page, after which the API says confirmed and the forum lists them', async () => {
    const { event, undecided } = await newForum(t, org);
    const { context, page, requested } = await browser.newContext({ locale: 'en-US' });
    await page.goto(`${t.baseUrl}/panel/${undecided.token}`);
    expect(await page.innerText('main')).toContain('Hello, Pedro Pendiente');
    expect(await page.innerText('main')).toContain('You have not answered yet.');
    expect(await page.content()).not.toMatch(EMAIL_LIKE);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'panel-invited');

    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await page.waitForURL(`${t.baseUrl}/panel/${undecided.token}`);
    const main = await page.innerText('main');
    expect(main).toContain('You accepted. Thank you!');
    expect(main).toContain('Questions from the audience');
    expect(await page.getByRole('button', { name: 'Accept the invitation' }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'panel-confirmed');
    expect((await t.api.get(`/api/panel/${undecided.token}`)).body.panelist.status).toBe('confirmed');
    expect((await t.api.get(`/events/${event.slug}`)).text).toContain('Pedro Pendiente');

    await page.getByRole('link', { name: 'Withdraw from the panel…' }).click();
    await page.getByRole('button', { name: 'Yes, withdraw' }).click();
    await page.waitForURL(`${t.baseUrl}/panel/${undecided.token}`);
    expect(await page.innerText('main')).toContain('You declined.');
    expect((await t.api.get(`/api/panel/${undecided.token}`)).body.panelist.status).toBe('declined');
    expect(requested.filter((url) => !url.startsWith(`${t.baseUrl}/`))).toEqual([]);
    await context.close();
  });

  it('works without JavaScript', async () => {
    const { undecided } = await newForum(t, org);
    const { context, page } = await browser.newContext({ locale: 'en-US', javaScriptEnabled: false });
    await page.goto(`${t.baseUrl}/panel/${undecided.token}`);
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await page.waitForURL(`${t.baseUrl}/panel/${undecided.token}`);
    expect(await page.innerText('main')).toContain('You accepted.');
    expect((await t.api.get(`/api/panel/${undecided.token}`)).body.panelist.status).toBe('confirmed');
    await context.close();
  });

  it('takes the answer of a panelist who arrives from a link on another site (the Strict cookie is not sent then)', async () => {
    const { undecided } = await newForum(t, org);
    const { context, page } = await browser.newContext({ locale: 'en-US' });
    const panelPage = `${t.baseUrl}/panel/${undecided.token}`;
    await page.goto(panelPage); // an earlier visit left a CSRF cookie
    expect((await context.cookies(t.baseUrl)).map((cookie) => cookie.name)).toContain('csrf');
    // localhost is another site than 127.0.0.1: like a webmail page linking to the invitation.
    await page.goto(`${t.baseUrl.replace('127.0.0.1', 'localhost')}/`);
    await page.evaluate(
      `document.querySelector('main').insertAdjacentHTML('beforeend', '<a id="mail-link" href="${panelPage}">invitation</a>')`,
    );
    const arrival = page.waitForRequest(panelPage);
    await page.click('#mail-link');
    expect((await (await arrival).allHeaders()).cookie ?? '').not.toContain('csrf=');
    await page.waitForURL(panelPage);
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await page.waitForURL(panelPage);
    expect(await page.innerText('main')).toContain('You accepted.');
    await context.close();
  });

  it('shows the panelist page in Spanish, also for a draft, and 404 for unknown links', async () => {
    const draft = await newEvent(t, org.token, { title: 'Draft forum' });
    const { token } = await invitePanelist(t, org, draft.id, { name: 'Rosa Ruiz', role: 'moderator' });
    const { context, page } = await browser.newContext({ locale: 'es-US' });
    await page.goto(`${t.baseUrl}/panel/${token}`);
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    const main = await page.innerText('main');
    expect(main).toContain('Hola, Rosa Ruiz');
    expect(main).toContain('como: Moderador(a).');
    expect(main).toContain('Este foro aún no se ha anunciado');
    expect(await page.getByRole('button', { name: 'Aceptar la invitación' }).isVisible()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'panel-es');
    await context.close();

    for (const bad of ['x'.repeat(43), 'short', `${token}x`]) {
      const response = await t.api.get(`/panel/${bad}`);
      expect(response.status).toBe(404);
      expect(response.text).toContain('Page not found');
      expect(response.text).not.toContain('Rosa Ruiz');
    }
  });

  it('lets an invited colleague set a password, with errors next to the fields, and lands them signed in on the console', async () => {
    const { email, token } = await inviteColleague('Carmen Colleague', 'moderator');

    const { context, page } = await browser.newContext({ locale: 'en-US' });
    await page.goto(`${t.baseUrl}/join/${token}`);
    expect(await page.innerText('main')).toContain('You are invited to join Broome Residents Coalition as moderator.');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'join');

    await page.getByLabel('New password').fill('a long enough password');
    await page.getByLabel('The same password again').fill('a different password!');
    await page.getByRole('button', { name: 'Set my password' }).click();
    await page.waitForLoadState();
    expect(await page.innerText('main')).toContain('The two passwords are not the same.');
    expect(await page.getByLabel('The same password again').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('New password').inputValue()).toBe(''); // a password is never sent back
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'join-errors');
    expect((await t.api.post('/api/auth/login', { email, password: 'a long enough password' })).status).toBe(401);

    await page.getByLabel('New password').fill('a long enough password');
    await page.getByLabel('The same password again').fill('a long enough password');
    await page.getByRole('button', { name: 'Set my password' }).click();
    // The link lands on the console, signed in.
    await page.waitForURL(`${t.baseUrl}/console?welcome`);
    expect(await page.innerText('h1')).toBe('Forums');
    expect(await page.innerText('main')).toContain('Welcome! You are signed in.');
    expect(await seriousA11yViolations(page)).toEqual([]);
    const login = await t.api.post('/api/auth/login', { email, password: 'a long enough password' });
    expect(login.status).toBe(200);
    expect((await t.api.get(`/join/${token}`)).status).toBe(404);
    await context.close();
  });

  it('refuses a password the API would refuse, and says so in Spanish', async () => {
    const { token } = await inviteColleague('Beto Bravo', 'organizer');
    const { context, page } = await browser.newContext({ locale: 'es-ES' });
    await page.goto(`${t.baseUrl}/join/${token}`);
    // The browser would stop a short password itself; the server must say the same without it.
    await page.evaluate(`document.querySelector('form').noValidate = true`);
    await page.getByLabel('Nueva contraseña').fill('short');
    await page.getByLabel('La misma contraseña otra vez').fill('short');
    await page.getByRole('button', { name: 'Guardar mi contraseña' }).click();
    await page.waitForLoadState();
    expect(await page.innerText('main')).toContain('Use de 12 a 200 caracteres.');
    await context.close();
  });
});
