import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectErrorShape } from '../../../support/http.js';
import { TEST_PASSWORD, TestApp } from '../../../support/test-app.js';

describe('organizers: signup, login, me', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('signs up an organization and its owner, then logs in and reads /api/me', async () => {
    const email = t.uniqueEmail('founder');
    const signup = await t.api.post('/api/auth/signup', {
      organizationName: 'Broome Residents for Fair Treatment',
      name: 'Rosa Founder',
      email,
      password: TEST_PASSWORD,
    });
    expect(signup.status).toBe(201);
    expect(signup.body.organizer).toMatchObject({ email, role: 'owner', name: 'Rosa Founder', status: 'active' });
    expect(signup.body.organization).toMatchObject({
      name: 'Broome Residents for Fair Treatment',
      slug: expect.stringMatching(/^broome-residents-for-fair-treatment/),
      contactEmail: null,
    });
    expect(JSON.stringify(signup.body)).not.toMatch(/password|scrypt/i);

    const login = await t.api.post('/api/auth/login', { email: email.toUpperCase(), password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    expect(Object.keys(login.body)).toEqual(['accessToken']);

    const me = await t.api.get('/api/me', { token: login.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.organizer.id).toBe(signup.body.organizer.id);
    expect(me.body.organization.id).toBe(signup.body.organization.id);
  });

  it('stores the password only as a memory-hard hash', async () => {
    const { organizer } = await t.newOrganization();
    const [row] = await t.sql('SELECT password_hash FROM organizers WHERE id = $1', [organizer.id]);
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.password_hash).not.toContain(TEST_PASSWORD);
  });

  it('refuses a taken email, whatever its case, with 409', async () => {
    const { organizer } = await t.newOrganization();
    const again = await t.api.post('/api/auth/signup', {
      organizationName: 'Second',
      name: 'Someone',
      email: organizer.email.toUpperCase(),
      password: TEST_PASSWORD,
    });
    expect(expectErrorShape(again, 409).code).toBe('email-taken');
    const [{ count }] = await t.sql(`SELECT count(*)::int AS count FROM organizations WHERE name = 'Second'`);
    expect(count).toBe(0);
  });

  it('gives distinct organizations with the same name distinct slugs', async () => {
    const signup = () =>
      t.api.post('/api/auth/signup', {
        organizationName: 'Same Name Coalition',
        name: 'Sam',
        email: t.uniqueEmail(),
        password: TEST_PASSWORD,
      });
    const first = (await signup()).body;
    const second = (await signup()).body;
    expect(first.organization.slug).not.toBe(second.organization.slug);
    expect(second.organization.slug).toMatch(/^same-name-coalition-[a-z0-9]{4}$/);
  });

  it('asks for a password of at least 12 characters', async () => {
    const response = await t.api.post('/api/auth/signup', {
      organizationName: 'Short',
      name: 'Sam',
      email: t.uniqueEmail(),
      password: 'short',
    });
    const body = expectErrorShape(response, 400);
    expect(body.details).toEqual([{ field: 'password', message: 'must be 12 to 200 characters long' }]);
  });

  it('answers an unknown email and a wrong password with the same 401', async () => {
    const { organizer } = await t.newOrganization();
    const wrongPassword = await t.api.post('/api/auth/login', { email: organizer.email, password: 'not the password' });
    const unknownEmail = await t.api.post('/api/auth/login', { email: t.uniqueEmail('nobody'), password: 'not the password' });
    expectErrorShape(wrongPassword, 401);
    expectErrorShape(unknownEmail, 401);
    expect(unknownEmail.body).toEqual(wrongPassword.body);
  });

  it('rejects missing, malformed, forged and expired tokens with 401', async () => {
    const { token } = await t.newOrganization();
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    const expired = await t.app
      .get((await import('@nestjs/jwt')).JwtService)
      .signAsync({ sub: (await t.api.get('/api/me', { token })).body.organizer.id }, { expiresIn: -10 });
    const cases: Record<string, string>[] = [
      {},
      { authorization: 'Bearer' },
      { authorization: 'Basic abc' },
      { authorization: 'Bearer not-a-jwt' },
      { authorization: `Bearer ${forged}` },
      { authorization: `Bearer ${expired}` },
    ];
    for (const headers of cases) {
      expectErrorShape(await t.api.get('/api/me', { headers }), 401);
    }
  });

  it('throttles logins per account with 429 and Retry-After, without locking out others on the same address', async () => {
    const { organizer } = await t.newOrganization();
    const attempts = [];
    for (let i = 0; i < 11; i++) {
      attempts.push(await t.api.post('/api/auth/login', { email: organizer.email, password: 'wrong password!' }));
    }
    expect(attempts.slice(0, 10).map((r) => r.status)).toEqual(Array(10).fill(401));
    const throttled = expectErrorShape(attempts[10]!, 429);
    expect(throttled.message).toMatch(/too many/i);
    expect(Number(attempts[10]!.headers.get('retry-after'))).toBeGreaterThan(0);

    const other = await t.newOrganization();
    const login = await t.api.post('/api/auth/login', { email: other.organizer.email, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
  });
});

describe('sign-up switched off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ SIGNUP_ENABLED: 'false' });
  });
  afterAll(() => t.close());

  it('answers 403 and creates nothing', async () => {
    const response = await t.api.post('/api/auth/signup', {
      organizationName: 'Closed',
      name: 'Nobody',
      email: t.uniqueEmail(),
      password: TEST_PASSWORD,
    });
    expectErrorShape(response, 403);
    expect(await t.sql('SELECT id FROM organizations')).toEqual([]);
  });
});
