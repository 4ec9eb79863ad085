import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ERROR_CODES } from '../../../src/common/error-codes.js';
import { expectErrorShape } from '../../support/http.js';
import { TEST_PASSWORD, TestApp } from '../../support/test-app.js';

describe('one error shape for every failure', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const signup = (raw: string, contentType = 'application/json') =>
    t.api.request('POST', '/api/auth/signup', { raw, headers: { 'content-type': contentType } });

  it('lists every code in the OpenAPI document, and failures of every kind carry one of them', async () => {
    const document = (await t.api.get('/api/docs-json')).body;
    const listed: string[] = document.components.schemas.ApiError.properties.code.enum;
    expect([...listed].sort()).toEqual(Object.keys(ERROR_CODES).sort());
    const answers = [
      await signup('{'),
      await t.api.get('/api/events/no-such-forum'),
      await t.api.post('/api/auth/login', { email: 'nobody@example.org', password: 'not the password at all' }),
      await t.api.get('/api/me'),
      await t.api.request('DELETE', '/api/organization'),
    ];
    expect(answers.map((answer) => [answer.status, listed.includes(answer.body.code)])).toEqual([
      [400, true],
      [404, true],
      [401, true],
      [401, true],
      [answers[4]!.status, true],
    ]);
    expect(answers[2]!.body.code).toBe('wrong-credentials');
  });

  it('a body that is not JSON is 400', async () => {
    const body = expectErrorShape(await signup('{"organizationName": '), 400);
    expect(body.message).toBe('The body is not valid JSON.');
    expect(body.code).toBe('invalid-json');
  });

  it('a wrong content type is 415', async () => {
    expectErrorShape(await signup('organizationName=x', 'application/x-www-form-urlencoded'), 415);
    expectErrorShape(await signup('hello', 'text/plain'), 415);
  });

  it('a body over 100 kB is 413', async () => {
    const big = JSON.stringify({ organizationName: 'x'.repeat(110 * 1024) });
    const body = expectErrorShape(await signup(big), 413);
    expect(body.message).toMatch(/100 kB/);
  });

  it('unknown fields are 400 with a detail naming each', async () => {
    const response = await t.api.post('/api/auth/login', { email: 'a@example.org', password: 'x', isAdmin: true });
    const body = expectErrorShape(response, 400);
    expect(body.details).toEqual([{ field: 'isAdmin', message: 'is not a known field' }]);
    expect(body.code).toBe('validation-failed');
  });

  it('wrong types are 400 with one detail per field', async () => {
    const response = await t.api.post('/api/auth/signup', {
      organizationName: 42,
      name: ['x'],
      email: 'not-an-email',
      password: 123456789012345,
    });
    const body = expectErrorShape(response, 400);
    expect(body.details).toEqual([
      { field: 'organizationName', message: 'must be a string' },
      { field: 'name', message: 'must be a string' },
      { field: 'email', message: 'must be an email' },
      { field: 'password', message: 'must be a string' },
    ]);
    expect(body.message).toMatch(/^The request is not valid: organizationName must be a string/);
  });

  it('a JSON value that is not an object is 400, never 500', async () => {
    for (const raw of ['[]', 'null', '"text"', '42']) {
      expectErrorShape(await signup(raw), 400);
    }
  });

  it('an unknown route is 404', async () => {
    expectErrorShape(await t.api.get('/api/no-such-thing'), 404);
  });

  it('nothing is half-written when a request fails', async () => {
    const email = t.uniqueEmail();
    const response = await t.api.post('/api/auth/signup', {
      organizationName: 'Half Written',
      name: 'x'.repeat(201),
      email,
      password: TEST_PASSWORD,
    });
    expectErrorShape(response, 400);
    expect(await t.sql(`SELECT id FROM organizations WHERE name = 'Half Written'`)).toEqual([]);
  });

  it('every response carries a request id, and a proxy-supplied one is kept', async () => {
    const plain = await t.api.get('/health');
    expect(plain.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const forwarded = await t.api.get('/health', { headers: { 'x-request-id': 'proxy-abc-12345' } });
    expect(forwarded.headers.get('x-request-id')).toBe('proxy-abc-12345');
    const hostile = await t.api.get('/health', { headers: { 'x-request-id': 'bad id <script>' } });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets security headers and allows no cross-origin reads', async () => {
    const response = await t.api.get('/health', { headers: { origin: 'https://evil.example' } });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves the OpenAPI document and its UI', async () => {
    const json = await t.api.get('/api/docs-json');
    expect(json.status).toBe(200);
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining(['/api/auth/signup', '/api/auth/login', '/api/me', '/api/organization']),
    );
    const ui = await t.api.get('/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('reports the database in /health', async () => {
    const health = await t.api.get('/health');
    expect(health.status).toBe(200);
    expect(health.body.info.database.status).toBe('up');
  });

  it('an unexpected failure is a 500 with a request id and no internals', async () => {
    const { organizer } = await t.newOrganization();
    await t.sql('ALTER TABLE organizers RENAME TO organizers_gone');
    try {
      const response = await t.api.post('/api/auth/login', { email: organizer.email, password: TEST_PASSWORD });
      const body = expectErrorShape(response, 500);
      const requestId = response.headers.get('x-request-id')!;
      expect(body.message).toContain(requestId);
      expect(response.text).not.toMatch(/organizers_gone|QueryFailedError|at \w+ \(|\.ts:\d+/);
    } finally {
      await t.sql('ALTER TABLE organizers_gone RENAME TO organizers');
    }
  });
});
