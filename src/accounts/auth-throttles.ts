import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ThrottleCounts, type Allowance } from '../common/throttle-counts.js';
import { fromBody, ThrottlePerCredential } from '../common/throttling.js';

const QUARTER_HOUR = 15 * 60_000;
const HOUR = 60 * 60_000;
type CredentialOf = (request: FastifyRequest) => unknown;

/*
 * The limits of the sign-in acts, shared by the API route and the console form doing the same
 * thing (one bucket each), so that switching between them gains an attacker nothing.
 */

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

const accountKey = (email: string, generation: string) => `${email.trim().toLowerCase()}:${generation}`;

/** Password guesses from one client address at one account: its owner elsewhere is not held up by them. */
export const SIGN_INS_PER_ACCOUNT_AND_CLIENT: Allowance = { limit: 10, ttlMs: QUARTER_HOUR };
/** Guesses at one account from anywhere: a ceiling for guessing spread over many addresses. */
export const SIGN_INS_PER_ACCOUNT: Allowance = { limit: 100, ttlMs: HOUR };
/** New organizations per client address: one person makes a few, a script making hundreds is stopped. */
export const SIGNUPS_PER_CLIENT: Allowance = { limit: 5, ttlMs: HOUR };

/**
 * Limits the services count themselves, where a guard cannot: they need the client address
 * with a credential, or the account's state. Counted as HMACs in throttle_counts, like every throttle.
 */
@Injectable()
export class AccountThrottles {
  constructor(private readonly counts: ThrottleCounts) {}

  /**
   * One sign-in attempt (the API's and the console's count together), counted before the
   * password is checked and alike for unknown addresses. `generation` changes when the
   * account's password is set (a reset, a change), which starts its counts afresh.
   */
  async signInAttempted(email: string, generation: string, clientAddress: string): Promise<void> {
    const account = accountKey(email, generation);
    await this.counts.spend('sign-in-account-client', `${account}:${clientAddress}`, 1, SIGN_INS_PER_ACCOUNT_AND_CLIENT);
    await this.counts.spend('sign-in-account', account, 1, SIGN_INS_PER_ACCOUNT);
  }

  /** The right password from this client: its earlier typos there stop counting (the account's ceiling keeps them). */
  signedIn(email: string, generation: string, clientAddress: string): Promise<void> {
    return this.counts.forget('sign-in-account-client', `${accountKey(email, generation)}:${clientAddress}`);
  }

  signupAsked(clientAddress: string): Promise<void> {
    return this.counts.spend('signups-per-client', clientAddress, 1, SIGNUPS_PER_CLIENT);
  }

  /** True at most once an hour per account: the "someone tried to sign up with your address" email. */
  signupAttemptNoticeDue(organizerId: string): Promise<boolean> {
    return this.counts.firstUse('signup-attempt-notice', organizerId, HOUR);
  }
}
