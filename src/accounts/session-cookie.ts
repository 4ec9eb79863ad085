import { parseCookie } from 'cookie';
import type { FastifyRequest } from 'fastify';

/** `__Host-` keeps a sibling subdomain from planting or reading it; browsers take it over HTTPS only. */
const SESSION_COOKIES = { https: '__Host-console', http: 'console' } as const;

/** The console session cookie's name on a server at this address. */
export const sessionCookieName = (appUrl: string): string => (appUrl.startsWith('https:') ? SESSION_COOKIES.https : SESSION_COOKIES.http);

export const cookieOf = (request: FastifyRequest, name: string): string | undefined => parseCookie(request.headers.cookie ?? '')[name];

/** The session cookie as a throttling credential: the throttle need not wait for the identity guard. */
export const fromConsoleSession = (request: FastifyRequest): string | undefined =>
  cookieOf(request, SESSION_COOKIES.https) ?? cookieOf(request, SESSION_COOKIES.http);
