import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newPublishedEvent } from '../../support/event-factory.js';
import { loadForm } from '../../support/pages.js';
import { QaFactory } from '../../support/questions.js';
import { TEST_PASSWORD, TestApp, type SignedUp } from '../../support/test-app.js';

/**
 * Every route of the live OpenAPI document (so a new route is covered without a line here),
 * and the page forms, get a corpus of hostile values in each body field, each optional field
 * set to null, and hostile path parameters. Any answer but a 5xx holds the line.
 */

type Schema = {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minLength?: number;
  minimum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
};
type Parameter = { in: string; name: string };
type Operation = { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } };

/** Stands for a JSON literal that JSON.stringify cannot write (1e309, -0); swapped in after encoding. */
const raw = (literal: string) => `\u0001raw:${literal}\u0001`;
const encode = (body: unknown) => JSON.stringify(body).replace(/"\\u0001raw:([^\\]+)\\u0001"/g, '$1');

const nested = (depth: number): unknown => (depth === 0 ? 'x' : { a: nested(depth - 1) });

const HOSTILE_VALUES: [string, unknown][] = [
  ['NUL', 'a\u0000b'],
  ['only NUL', '\u0000'],
  ['C0 controls', '\u0001\u0007\u001b[31m\u007f'],
  ['lone surrogate', '\ud800'],
  ['lone low surrogate', 'x\udc00y'],
  ['1 MB string', 'x'.repeat(1024 * 1024)],
  ['5,000 characters', 'é'.repeat(5000)],
  ['RTL override', '\u202Eevil\u202C'],
  ['CRLF', 'a\r\nBcc: x@example.org\r\n'],
  ['zero-width text', '\u200B\u200B\u200B'],
  ['empty', ''],
  ['blank', '   '],
  ['number', 120],
  ['huge number', 1e308],
  ['beyond double', raw('1e309')],
  ['negative zero', raw('-0')],
  ['unsafe integer', raw('9007199254740993')],
  ['negative', -1],
  ['fraction', 2.5],
  ['boolean', true],
  ['array', ['en', 'en']],
  ['object', { $gt: '' }],
  ['prototype pollution', JSON.parse('{"__proto__":{"admin":true}}')],
  ['nested 20 deep', nested(20)],
  ['nested 40 deep', nested(40)],
  ['impossible instant', '0000-01-01T00:00:00+25:00'],
];

const HOSTILE_PARAMS: [string, string][] = [
  'abc%00def',
  '%00',
  'a%01b',
  '%ff%fe',
  '%zz',
  '%E2%80%AE',
  'x'.repeat(150),
  '..%2F..%2Fetc%2Fpasswd',
  '00000000-0000-0000-0000-000000000000',
  '-1',
  'null',
  '%20',
  "'%3B%20DROP%20TABLE%20events%3B--",
  '%F0%9F%98%80',
].map((text) => [text, text]);
const ALWAYS_IN_PATHS = ['abc%00def', '%ff%fe', 'x'.repeat(150)];

/** A small deterministic generator, so a failure found once is found again. */
function seededRandom(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) % 2 ** 32;
    return seed / 2 ** 32;
  };
}

/**
 * What each field or parameter gets: the values that broke the server before, always, and a
 * few others drawn with a fixed seed, which keeps the run within seconds on two cores.
 */
function sample<T>(corpus: [string, T][], always: string[], others: number, random: () => number): [string, T][] {
  const rest = corpus.filter(([label]) => !always.includes(label));
  const drawn = Array.from({ length: others }, () => rest.splice(Math.floor(random() * rest.length), 1)[0]!);
  return [...corpus.filter(([label]) => always.includes(label)), ...drawn];
}
const ALWAYS_SENT = ['NUL', 'lone surrogate', 'null', 'nested 40 deep', 'number'];

describe('hostile-input fuzz: no input yields a 5xx', () => {
  let t: TestApp;
  let org: SignedUp;
  let document: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
  const fixtures: Record<string, string> = {};
  const failures: string[] = [];
  let sent = 0;

  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.newOrganization('Fuzzed Society');
    const qa = new QaFactory(t, org);
    const event = await qa.event({ moderation: 'post' });
    const moderator = await qa.panelist(event.id, 'moderator');
    const participant = await qa.participant(event.id);
    const question = await qa.approvedQuestion(event.id, 'Where do we go from here?');
    const booked = await t.api.post(`/api/events/${event.id}/rsvps`, { name: 'Ana', email: t.uniqueEmail(), partySize: 1, language: 'en' });
    expect(booked.status).toBe(202);
    const [rsvp] = await t.sql<{ id: string }>('SELECT id FROM rsvps WHERE event_id = $1', [event.id]);
    const member = await t.newMember(org.organization.id, 'organizer');
    // Changes, cancellation and deletion go to an event of their own, so the others stay open.
    const sacrificed = await newPublishedEvent(t, org.token);
    Object.assign(fixtures, {
      eventId: event.id,
      slug: event.slug,
      sacrificedId: sacrificed.id,
      panelistId: moderator.id,
      panelToken: moderator.token,
      participant,
      questionId: question.id,
      rsvpId: rsvp!.id,
      memberId: member.id,
    });
    document = (await t.api.get('/api/docs-json')).body;
  });
  afterAll(() => t.close());

  /** A path's parameters filled with the fixtures that make the route reach its service. */
  function fillPath(path: string, method: string): string {
    const own = /^\/api\/events\/\{id\}$/.test(path) || /\/(cancel|erase-personal-data)$/.test(path) || method === 'delete';
    const values: Record<string, string> = {
      id:
        path.startsWith('/api/questions') || path.includes('/questions/{id}')
          ? fixtures.questionId!
          : own
            ? fixtures.sacrificedId!
            : fixtures.eventId!,
      idOrSlug: fixtures.slug!,
      slug: path.startsWith('/api/organizations') ? org.organization.slug : fixtures.slug!,
      panelistId: fixtures.panelistId!,
      rsvpId: fixtures.rsvpId!,
      token: path.startsWith('/api/panel') ? fixtures.panelToken! : 'Sekret_token_of_43_characters_xxxxxxxxxxxx',
    };
    if (path.startsWith('/api/organization/members')) values.id = fixtures.memberId!;
    return path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? 'unknown');
  }

  function resolve(schema: Schema): Schema {
    if (schema.$ref) return resolve(document.components.schemas[schema.$ref.split('/').pop()!]!);
    if (schema.allOf?.length) return resolve({ ...schema.allOf[0], ...schema, allOf: undefined });
    return schema;
  }

  /** A valid value for a field, from its name and schema, so that one hostile field at a time reaches deep code. */
  function validValue(name: string, schema: Schema): unknown {
    const resolved = resolve(schema);
    if (/email/i.test(name)) return t.uniqueEmail('fuzz');
    if (name === 'password') return TEST_PASSWORD;
    if (name === 'panelistId') return fixtures.panelistId;
    if (name === 'source') return 'card';
    if (resolved.properties) return validBody(resolved);
    return (
      resolved.example ??
      resolved.enum?.[0] ??
      resolved.default ??
      (resolved.type === 'string'
        ? 'x'.repeat(Math.max(3, resolved.minLength ?? 0))
        : resolved.type === 'boolean'
          ? true
          : resolved.type === 'array'
            ? [resolved.items?.enum?.[0] ?? 'x']
            : (resolved.minimum ?? 1))
    );
  }

  function validBody(schema: Schema): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(resolve(schema).properties ?? {}).map(([name, property]) => [name, validValue(name, property)]),
    );
  }

  /** Each field, nested ones included, as a path and whether it may be left out. */
  function fieldsOf(schema: Schema, prefix: string[] = []): { path: string[]; optional: boolean }[] {
    const resolved = resolve(schema);
    return Object.entries(resolved.properties ?? {}).flatMap(([name, property]) => {
      const path = [...prefix, name];
      const inner = resolve(property).properties ? fieldsOf(property, path) : [];
      return [{ path, optional: !(resolved.required ?? []).includes(name) }, ...inner];
    });
  }

  function withValue(body: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
    const [head, ...rest] = path;
    const inner = body[head!];
    return {
      ...body,
      [head!]:
        rest.length === 0
          ? value
          : withValue(typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : {}, rest, value),
    };
  }

  async function send(label: string, method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) {
    sent++;
    const response = await fetch(`${t.baseUrl}${path}`, { method, redirect: 'manual', signal: AbortSignal.timeout(15_000), ...init });
    await response.body?.cancel();
    if (response.status >= 500) failures.push(`${method} ${path.slice(0, 120)} ${label} → ${response.status}`);
  }

  /** Runs the requests a few at a time, as clients would. */
  async function inParallel(requests: (() => Promise<void>)[], width = 4) {
    const queue = [...requests];
    await Promise.all(
      Array.from({ length: width }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await next();
      }),
    );
  }

  it("answers every documented route's hostile bodies, nulls and path parameters with a 4xx or a success", async () => {
    const random = seededRandom(12);
    const requests: (() => Promise<void>)[] = [];
    for (const [template, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const verb = method.toUpperCase();
        const asParticipant = (operation.parameters ?? []).some((parameter) => parameter.name === 'X-Participant-Token');
        const credentials: Record<string, string>[] = asParticipant
          ? [{ 'x-participant-token': fixtures.participant! }, { authorization: `Bearer ${org.token}` }]
          : [{ authorization: `Bearer ${org.token}` }];
        const schema = operation.requestBody?.content['application/json']?.schema;
        for (const headers of credentials) {
          const path = fillPath(template, method);
          if (schema) {
            for (const { path: field, optional } of fieldsOf(schema)) {
              const corpus = optional ? [...HOSTILE_VALUES, ['null', null] as [string, unknown]] : HOSTILE_VALUES;
              for (const [label, value] of sample(corpus, ALWAYS_SENT, 3, random)) {
                requests.push(() =>
                  send(`${field.join('.')}=${label}`, verb, path, {
                    body: encode(withValue(validBody(schema), field, value)),
                    headers: { ...headers, 'content-type': 'application/json' },
                  }),
                );
              }
            }
          }
          for (const name of (operation.parameters ?? [])
            .filter((parameter) => parameter.in === 'path')
            .map((parameter) => parameter.name)) {
            for (const [hostile] of sample(HOSTILE_PARAMS, ALWAYS_IN_PATHS, 3, random)) {
              const hostilePath = template.replace(`{${name}}`, hostile);
              requests.push(() =>
                send(`:${name}=${hostile.slice(0, 20)}`, verb, fillPath(hostilePath, method), {
                  headers,
                  ...(schema ? { body: encode(validBody(schema)), headers: { ...headers, 'content-type': 'application/json' } } : {}),
                }),
              );
            }
          }
        }
      }
    }
    expect(requests.length).toBeGreaterThan(800);
    await inParallel(requests);
    expect(failures).toEqual([]);
    // About a thousand requests: seconds on an idle machine, more when several test runs share its two cores.
  }, 180_000);

  it('answers the page forms and pages the same way', async () => {
    const rsvpForm = await loadForm(t, `/events/${fixtures.slug}`);
    const qaForm = await loadForm(t, `/events/${fixtures.slug}/questions`);
    const forms: [string, Record<string, string>, typeof rsvpForm][] = [
      [
        `/events/${fixtures.slug}/rsvp`,
        { name: 'Ana', email: t.uniqueEmail(), partySize: '1', language: 'en', accessibilityNeeds: '' },
        rsvpForm,
      ],
      [`/events/${fixtures.slug}/questions`, { body: 'Where do we go from here?', authorName: '' }, qaForm],
      // The panel page of a panelist who accepted has no form of its own; any page's CSRF pair is valid here.
      [`/panel/${fixtures.panelToken}/questions/${fixtures.questionId}`, { action: 'pin' }, rsvpForm],
    ];
    const texts = HOSTILE_VALUES.filter(([, value]) => typeof value === 'string' && !(value as string).startsWith('\u0001raw')) as [
      string,
      string,
    ][];
    const requests: (() => Promise<void>)[] = [];
    for (const [path, fields, form] of forms) {
      for (const field of Object.keys(fields)) {
        for (const [label, value] of texts) {
          const body = new URLSearchParams({ _csrf: form.token, ...fields, [field]: value }).toString();
          requests.push(() =>
            send(`${field}=${label}`, 'POST', path, {
              body,
              headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookieValue },
            }),
          );
        }
      }
    }
    for (const template of [
      '/events/{p}',
      '/events/{p}/questions',
      '/events/{p}/screen',
      '/events/{p}/rsvp/sent',
      '/rsvp/{p}',
      '/rsvp/{p}/cancel',
      '/panel/{p}',
      '/join/{p}',
      '/assets/{p}',
      '/dev/mail/{p}',
    ]) {
      for (const [hostile] of HOSTILE_PARAMS)
        requests.push(() => send(`{p}=${hostile.slice(0, 20)}`, 'GET', template.replace('{p}', hostile)));
    }
    await inParallel(requests);
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(1200);
  }, 120_000);
});
