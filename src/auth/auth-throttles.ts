import type { FastifyRequest } from 'fastify';
import { fromBody, ThrottlePerCredential } from '../common/throttling.js';

const QUARTER_HOUR = 15 * 60_000;
type CredentialOf = (request: FastifyRequest) => unknown;

/*
 * The limits of the sign-in acts, shared by the API route and the console form doing the same
 * thing (one bucket each), so that switching between them gains an attacker nothing.
 */

/** Wrong passwords, per account (the email typed). */
export const ThrottleSignIn = (credential: CredentialOf = fromBody('email')) =>
  ThrottlePerCredential(credential, 10, QUARTER_HOUR, 'sign-in');

export const ThrottleSignup = (credential: CredentialOf = fromBody('email')) =>
  ThrottlePerCredential(credential, 5, QUARTER_HOUR, 'signup');

/** Per address, counting every request whether or not the address has an account, so the 429 tells nothing either. */
export const ThrottlePasswordResetRequest = (credential: CredentialOf = fromBody('email')) =>
  ThrottlePerCredential(credential, 5, QUARTER_HOUR, 'password-reset');

/** Per link token: guessing tokens is hopeless anyway; this bounds the password hashing an attacker can cause. */
export const ThrottlePasswordResetConfirm = (credential: CredentialOf = fromBody('token')) =>
  ThrottlePerCredential(credential, 10, QUARTER_HOUR, 'password-reset-confirm');

export const ThrottleEmailConfirmation = (credential: CredentialOf = fromBody('token')) =>
  ThrottlePerCredential(credential, 10, QUARTER_HOUR, 'email-confirmation');

export const ThrottleAcceptInvitation = (credential: CredentialOf = fromBody('token')) =>
  ThrottlePerCredential(credential, 10, QUARTER_HOUR, 'accept-invitation');

/** Guesses at the current password, per session credential (the Bearer header, or the console's cookie). */
export const ThrottleChangePassword = (credential: CredentialOf) => ThrottlePerCredential(credential, 10, QUARTER_HOUR, 'change-password');

export const fromAuthorizationHeader: CredentialOf = (request) => request.headers.authorization;
