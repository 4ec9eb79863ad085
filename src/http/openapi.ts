import { applyDecorators, SetMetadata, type INestApplication, type Type } from '@nestjs/common';
import { ModulesContainer, Reflector } from '@nestjs/core';
import {
  ApiSecurity,
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ReferenceObject,
  type SchemaObject,
  type SecurityRequirementObject,
} from '@nestjs/swagger';
import { ERROR_CODES } from '../common/error-codes.js';
import { IS_PUBLIC, ROLES } from '../common/route-metadata.js';
import { SECRET_TOKEN_PATTERN } from '../common/tokens.js';

/*
 * What every route shares is added here, from the metadata the guards read, rather than by
 * hand on each route: the credentials an operation takes, the errors it can answer (in the one
 * error shape), the servers, and request examples a newcomer can send as they are.
 */

const BEARER = 'bearer';
const PARTICIPANT_TOKEN = 'participantToken';
const CREDENTIAL_REQUIRED = 'townhall:openapi-credential-required';

/**
 * A public route that reads the X-Participant-Token header. `required`: it refuses anonymous
 * requests (it takes a participant token, or a Bearer token where it also reads one).
 */
export const ApiParticipantToken = ({ required }: { required: boolean }) =>
  applyDecorators(ApiSecurity(PARTICIPANT_TOKEN), SetMetadata(CREDENTIAL_REQUIRED, required));

const ERROR_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'Every error, whatever failed, has this shape.',
  required: ['statusCode', 'error', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    error: { type: 'string', description: 'The HTTP reason phrase.', example: 'Bad Request' },
    code: {
      type: 'string',
      enum: Object.keys(ERROR_CODES),
      description:
        'What went wrong, as a stable lower-kebab identifier to branch on (never branch on `message`). New codes may be ' +
        'added; a code is never renamed. Each means:\n\n' +
        Object.entries(ERROR_CODES)
          .map(([code, meaning]) => `- \`${code}\`: ${meaning}`)
          .join('\n'),
      example: 'validation-failed',
    },
    message: { type: 'string', description: 'A sentence for people.', example: 'The request is not valid: email must be an email.' },
    details: {
      type: 'array',
      description: 'Only where there is something to say per field.',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: { type: 'string', example: 'email' },
          message: { type: 'string', example: 'must be an email' },
        },
      },
    },
  },
};

/** The shared error answers, by status; an operation refers to those it can give. */
const ERROR_RESPONSES: Record<number, { name: string; description: string }> = {
  400: {
    name: 'BadRequest',
    description:
      'The request is not valid (`validation-failed`, or `invalid-json`, `invalid-utf8`, `body-too-deep`, `invalid-cursor`, or a ' +
      'rule of the operation named in its own answer): `message` says why, `details` names each field.',
  },
  401: { name: 'Unauthorized', description: 'The credential is missing, expired or invalid (`unauthorized`).' },
  403: { name: 'Forbidden', description: 'Your role in this organization does not allow this (`forbidden`).' },
  404: {
    name: 'NotFound',
    description:
      "Not found (`not-found`): an unknown id, slug or token, another organization's id, or a draft seen from outside its organization.",
  },
  413: { name: 'PayloadTooLarge', description: 'The body is larger than 100 kB (`body-too-large`).' },
  415: {
    name: 'UnsupportedMediaType',
    description:
      'The body is not sent as `Content-Type: application/json`, or names a charset other than UTF-8 (`unsupported-media-type`).',
  },
  429: {
    name: 'TooManyRequests',
    description: 'Too many requests (`too-many-requests`): wait the seconds `Retry-After` gives, then try again.',
  },
};

const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } };
const retryAfter = { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } };

/** Path parameters that are secrets: whoever holds one acts as its owner. */
const SECRET_PATH_TOKENS: { under: string; description: string }[] = [
  {
    under: '/api/panel/{token}',
    description:
      "The panelist's secret token, from the link in their invitation email. It is the credential of these routes: " +
      'keep it as private as a password.',
  },
  {
    under: '/api/rsvps/{token}',
    description:
      "The attendee's secret manage token, from the link in their confirmation email. It is the credential of these " +
      'routes: keep it as private as a password.',
  },
];

interface RouteFacts {
  isPublic: boolean;
  hasRoles: boolean;
  credentialRequired: boolean;
}

export function createApiDocument(app: INestApplication, appUrl: string): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Townhall API')
      .setDescription(
        'The HTTP contract of a Townhall server: organizers, events, panelists, RSVPs and Q&A. ' +
          "Errors all have the `ApiError` shape. Credentials: an organizer's Bearer token; a panelist's or an " +
          "attendee's secret token in the path (`/api/panel/{token}`, `/api/rsvps/{token}`); a Q&A participant's " +
          '`X-Participant-Token` header.',
      )
      .setVersion('1')
      .setLicense('AGPL-3.0-or-later', 'https://www.gnu.org/licenses/agpl-3.0.html')
      .addServer(appUrl, 'This server (its APP_URL)')
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "An organizer's `accessToken` from sign-up or login." },
        BEARER,
      )
      .addApiKey(
        {
          type: 'apiKey',
          in: 'header',
          name: 'X-Participant-Token',
          description: 'A Q&A participant: the `participantToken` from `POST /api/events/{id}/participants`, or an RSVP manage token.',
        },
        PARTICIPANT_TOKEN,
      )
      .build(),
  );
  const components = (document.components ??= {});
  components.schemas = { ...components.schemas, ApiError: ERROR_SCHEMA };
  components.headers = {
    RetryAfter: { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 1 } },
  };
  components.responses = Object.fromEntries(
    Object.values(ERROR_RESPONSES).map(({ name, description }) => [
      name,
      { description, content: errorContent, ...(name === 'TooManyRequests' ? { headers: retryAfter } : {}) },
    ]),
  );
  const facts = routeFacts(app);
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const operation of Object.values(operations) as OperationObject[]) {
      const route = facts.get(operation.operationId ?? '');
      if (!route) throw new Error(`No route found for the OpenAPI operation ${operation.operationId}.`);
      operation.security = securityOf(operation, route);
      describeSecretTokens(path, operation);
      addErrors(path, operation, route);
      addRequestExample(operation, components.schemas);
    }
  }
  return document;
}

/** The guards' metadata of each route, by the operationId Nest's scanner gives it (`Controller_method`). */
function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const reflector = new Reflector();
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      const controller = metatype as Type;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const targets = [controller.prototype[method] as () => unknown, controller];
        facts.set(`${controller.name}_${method}`, {
          isPublic: reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false,
          hasRoles: reflector.getAllAndOverride<unknown>(ROLES, targets) !== undefined,
          credentialRequired: reflector.getAllAndOverride<boolean>(CREDENTIAL_REQUIRED, targets) ?? false,
        });
      }
    }
  }
  return facts;
}

/**
 * Guarded routes take the Bearer token. Public routes take no credential, or those their
 * decorators name (a Bearer token where the route reads the organizer, a participant token),
 * with anonymous use allowed unless a credential is required.
 */
function securityOf(operation: OperationObject, route: RouteFacts): SecurityRequirementObject[] {
  if (!route.isPublic) return [{ [BEARER]: [] }];
  const named = [...new Set((operation.security ?? []).flatMap((requirement) => Object.keys(requirement)))];
  if (named.length === 0) return [];
  return [...(route.credentialRequired ? [] : [{}]), ...named.map((scheme) => ({ [scheme]: [] }))];
}

function describeSecretTokens(path: string, operation: OperationObject): void {
  const secret = SECRET_PATH_TOKENS.find(({ under }) => path === under || path.startsWith(`${under}/`));
  const parameter = (operation.parameters as ParameterObject[] | undefined)?.find((p) => p.in === 'path' && p.name === 'token');
  if (!secret || !parameter) return;
  parameter.description = secret.description;
  parameter.schema = { type: 'string', pattern: SECRET_TOKEN_PATTERN.source };
}

/** The errors any such route can give, each in the error shape; statuses a route documents itself keep its words. */
function addErrors(path: string, operation: OperationObject, route: RouteFacts): void {
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  const security = operation.security ?? [];
  const statuses = new Set([429]);
  if (operation.requestBody || parameters.some((parameter) => parameter.in === 'query')) statuses.add(400);
  if (operation.requestBody) [413, 415].forEach((status) => statuses.add(status));
  if (security.length > 0) statuses.add(401);
  if (route.hasRoles) statuses.add(403);
  if (path.includes('{')) statuses.add(404);
  const responses = operation.responses;
  for (const status of statuses) {
    responses[status] ??= { $ref: `#/components/responses/${ERROR_RESPONSES[status]!.name}` };
  }
  for (const [status, response] of Object.entries(responses)) {
    if (!response || !/^4\d\d$/.test(status) || '$ref' in response) continue;
    response.content ??= errorContent;
    if (status === '429') response.headers ??= retryAfter;
  }
}

type Schemas = Record<string, SchemaObject | ReferenceObject> | undefined;

/**
 * The body the docs page fills in for "Try it out": the fields with an example (or a default),
 * so that it can be sent as it is; a field without one is left out rather than filled with a
 * placeholder the server would refuse.
 */
function addRequestExample(operation: OperationObject, schemas: Schemas): void {
  const json = (
    operation.requestBody as { content?: Record<string, { schema?: SchemaObject | ReferenceObject; example?: unknown }> } | undefined
  )?.content?.['application/json'];
  if (!json?.schema || json.example !== undefined) return;
  json.example = exampleOf(json.schema, schemas);
}

function exampleOf(schema: SchemaObject | ReferenceObject, schemas: Schemas): unknown {
  const resolved = resolve(schema, schemas);
  if (resolved.example !== undefined) return resolved.example;
  if (resolved.default !== undefined) return resolved.default;
  if (!resolved.properties) return undefined;
  const fields = Object.entries(resolved.properties)
    .map(([name, property]) => [name, exampleOf(property, schemas)] as const)
    .filter(([, value]) => value !== undefined);
  return fields.length > 0 ? Object.fromEntries(fields) : undefined;
}

/** A schema with its `$ref` (or Nest's single `allOf` wrapper around one) followed. */
function resolve(schema: SchemaObject | ReferenceObject, schemas: Schemas): SchemaObject {
  if ('$ref' in schema) return resolve(schemas![schema.$ref.split('/').pop()!]!, schemas);
  const [only] = schema.allOf ?? [];
  if (schema.allOf?.length === 1 && only && schema.example === undefined) return resolve(only, schemas);
  return schema;
}
