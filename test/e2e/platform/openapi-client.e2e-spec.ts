import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { TestApp } from '../../support/test-app.js';

const REDOCLY = fileURLToPath(new URL('../../../node_modules/@redocly/cli/bin/cli.js', import.meta.url));
const REDOCLY_CONFIG = fileURLToPath(new URL('../../../redocly.yaml', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../../openapi-client/townhall-script.ts', import.meta.url));

type Schema = { $ref?: string; allOf?: Schema[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema };
type Response = { $ref?: string; content?: Record<string, { schema: Schema }>; headers?: Record<string, unknown> };
type Operation = {
  requestBody?: { content: Record<string, { schema: Schema; example?: unknown }> };
  security?: object[];
  parameters?: object[];
  responses: Record<string, Response>;
};
interface Document {
  servers: object[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; responses: Record<string, Response> };
}

/** Where a value that Swagger UI would send holds its "string" placeholder, or lacks a required field. */
function problemsOf(value: unknown, schema: Schema, schemas: Document['components']['schemas'], at: string): string[] {
  const resolved = schema.$ref ? schemas[schema.$ref.split('/').pop()!]! : schema.allOf?.length === 1 ? schema.allOf[0]! : schema;
  if (resolved !== schema) return problemsOf(value, resolved, schemas, at);
  if (value === 'string') return [`${at} is the "string" placeholder`];
  if (Array.isArray(value)) return value.flatMap((item, i) => problemsOf(item, schema.items ?? {}, schemas, `${at}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  const fields = value as Record<string, unknown>;
  return [
    ...(schema.required ?? []).filter((name) => !(name in fields)).map((name) => `${at}.${name} (required) has no example`),
    ...Object.entries(fields).flatMap(([name, field]) => problemsOf(field, schema.properties?.[name] ?? {}, schemas, `${at}.${name}`)),
  ];
}

function requestExample(document: Document, path: string, method: string): Record<string, unknown> {
  return document.paths[path]![method]!.requestBody!.content['application/json']!.example as Record<string, unknown>;
}

describe('the API document: linted, and a generated client that works', () => {
  let t: TestApp;
  let document: Document;
  let folder: string;
  beforeAll(async () => {
    t = await TestApp.start();
    document = (await t.api.get('/api/docs-json')).body;
    folder = await mkdtemp(join(tmpdir(), 'townhall-openapi-'));
  });
  afterAll(async () => {
    await t.close();
    await rm(folder, { recursive: true, force: true });
  });

  it("passes Redocly's recommended rules with no error and no warning", async () => {
    const file = join(folder, 'townhall-api.json');
    await writeFile(file, JSON.stringify(document));
    const lint = await promisify(execFile)(process.execPath, [REDOCLY, 'lint', file, '--config', REDOCLY_CONFIG, '--format=json']).catch(
      (failed: { stdout: string }) => failed,
    );
    const { totals, problems } = JSON.parse(lint.stdout) as { totals: object; problems: { ruleId: string; message: string }[] };
    expect(problems.map(({ ruleId, message }) => `${ruleId}: ${message}`)).toEqual([]);
    expect(totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
  });

  it('names what each route takes and answers: no credential, a Bearer token, a participant token or a secret path token; errors in ApiError', () => {
    const operation = (path: string, method: string) => document.paths[path]![method]!;
    expect(document.servers).toEqual([{ url: t.config.appUrl, description: expect.any(String) }]);
    expect(operation('/api/events', 'get').security).toEqual([]);
    expect(operation('/api/events', 'post').security).toEqual([{ bearer: [] }]);
    expect(operation('/api/events/{id}', 'get').security).toEqual([{}, { bearer: [] }]);
    expect(operation('/api/questions/{id}/vote', 'post').security).toEqual([{ participantToken: [] }]);
    expect(operation('/api/rsvps/{token}', 'get').security).toEqual([]);
    expect(operation('/api/rsvps/{token}', 'get').parameters).toEqual([
      expect.objectContaining({ name: 'token', description: expect.stringContaining('secret manage token') }),
    ]);

    const errors = Object.values(document.paths).flatMap((operations) =>
      Object.values(operations).flatMap(({ responses }) => Object.entries(responses).filter(([status]) => status.startsWith('4'))),
    );
    const named = errors.map(
      ([status, response]) => [status, response.$ref ? document.components.responses[response.$ref.split('/').pop()!]! : response] as const,
    );
    expect(named.filter(([, response]) => response.content?.['application/json']?.schema.$ref !== '#/components/schemas/ApiError')).toEqual(
      [],
    );
    const throttled = named.filter(([status]) => status === '429');
    expect(throttled).toHaveLength(Object.values(document.paths).flatMap((operations) => Object.keys(operations)).length);
    expect(throttled.every(([, response]) => response.headers?.['Retry-After'])).toBe(true);
  });

  it('gives every request body an example Swagger UI can send: every required field, no "string" placeholder', () => {
    const bodies = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => operation.requestBody)
        .map(([method, operation]) => ({ at: `${method} ${path}`, json: operation.requestBody!.content['application/json']! })),
    );
    expect(bodies.length).toBeGreaterThanOrEqual(15);
    const problems = bodies.flatMap(({ at, json }) =>
      json.example === undefined ? [`${at} has no example`] : problemsOf(json.example, json.schema, document.components.schemas, at),
    );
    expect(problems).toEqual([]);
  });

  it('fills in examples that succeed as they are on a fresh server: sign up, log in, schedule, publish, RSVP, ask', async () => {
    const signup = await t.api.post('/api/auth/signup', requestExample(document, '/api/auth/signup', 'post'));
    expect(signup.status).toBe(201);
    // As if the owner had opened the confirmation link: publishing waits for it.
    await t.sql(`UPDATE organizers SET email_confirmed_at = now() WHERE id = $1`, [signup.body.organizer.id]);
    const login = await t.api.post('/api/auth/login', requestExample(document, '/api/auth/login', 'post'));
    expect(login.status).toBe(200);
    const token = login.body.accessToken as string;
    const event = await t.api.post('/api/events', requestExample(document, '/api/events', 'post'), { token });
    expect(event.status).toBe(201);
    expect((await t.api.post(`/api/events/${event.body.id}/publish`, undefined, { token })).status).toBe(200);
    const rsvp = await t.api.post(`/api/events/${event.body.id}/rsvps`, requestExample(document, '/api/events/{id}/rsvps', 'post'));
    expect(rsvp.status).toBe(202);
    const { participantToken } = (await t.api.post(`/api/events/${event.body.id}/participants`)).body;
    const ask = await t.api.post(`/api/events/${event.body.id}/questions`, requestExample(document, '/api/events/{id}/questions', 'post'), {
      headers: { 'x-participant-token': participantToken },
    });
    expect(ask.status).toBe(201);
  });

  it('generates TypeScript types that a script type-checks against and runs with: create, publish and RSVP to a forum', async () => {
    // A field with a default may still be left out of a request (openapi-typescript would require it).
    const types = await openapiTS(document as never, { defaultNonNullable: false });
    await writeFile(join(folder, 'townhall-api.d.ts'), astToString(types));
    const program = ts.createProgram([SCRIPT], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2024,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: [],
      lib: ['lib.es2024.d.ts', 'lib.dom.d.ts'],
      // The generated file is read as if it sat beside the script.
      rootDirs: [fileURLToPath(new URL('../../openapi-client', import.meta.url)), folder],
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    expect(diagnostics).toEqual([]);

    // Loaded by path so that the project's type-check, which has no generated types, never reads it.
    const { scheduleAndRsvp } = (await import(SCRIPT)) as {
      scheduleAndRsvp: (
        baseUrl: string,
        emails: { organizer: string; neighbor: string },
        ownerConfirmed: () => Promise<unknown>,
      ) => Promise<unknown>;
    };
    const organizer = t.uniqueEmail('organizer');
    // The owner opening the emailed confirmation link, which publishing waits for.
    const ownerConfirmed = () => t.sql(`UPDATE organizers SET email_confirmed_at = now() WHERE email = $1`, [organizer]);
    const outcome = await scheduleAndRsvp(t.baseUrl, { organizer, neighbor: t.uniqueEmail('neighbor') }, ownerConfirmed);
    expect(outcome).toEqual({
      status: 'published',
      rsvp: { status: 202, message: expect.stringContaining('Check your email') },
      booked: [{ name: 'Luis Ortega', partySize: 3, status: 'confirmed' }],
      publicTitle: 'Library hours: what should change?',
      takenEmail: { status: 409, error: expect.objectContaining({ statusCode: 409, error: 'Conflict' }) },
    });
  });
});
