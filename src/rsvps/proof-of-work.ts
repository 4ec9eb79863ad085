import { Injectable } from '@nestjs/common';
import { createChallenge, randomInt, verifySolution, type Challenge, type Payload } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { InvalidInputError } from '../common/domain-errors.js';
import { ThrottleCounts } from '../common/throttle-counts.js';
import { AppConfig } from '../config/app-config.js';

/** Long enough to fill in the form slowly after the page asked; a solved challenge books once within it. */
const LIFETIME_MS = 10 * 60_000;
/**
 * ALTCHA PoW v2, iterated SHA-256: the browser tries every counter from 0 up to a secret one
 * drawn here, `COST` hashes each (240,000 hashes on average): about a second on a phone, so a
 * person hardly waits while a script pays that for every booking it makes. The cap on seats
 * without an email and the organizer's release do the rest.
 */
const COST = 6;
const COUNTER = { min: 20_000, max: 60_000 };
/** A payload is a small base64 JSON object; anything far larger is not one. */
const PAYLOAD_LIMIT = 4_000;

export class ProofOfWorkError extends InvalidInputError {
  constructor() {
    super(
      'Booking without an email needs a solved proof of work: get a challenge from GET /api/rsvp-challenge, solve it, and send it once as `altcha`.',
      [{ field: 'altcha', message: 'must be a solved, unexpired challenge not used before' }],
      'proof-of-work-required',
    );
  }
}

/**
 * The privacy-friendly stand-in for an address on bookings without one: a self-hosted ALTCHA
 * proof of work (no third party, nothing about the device). Challenges are signed with a key
 * derived from the server's secret, so any instance verifies them; each is accepted once,
 * remembered (as an HMAC) in PostgreSQL until it expires, so one solution cannot book twice.
 */
@Injectable()
export class ProofOfWork {
  private readonly signatureSecret: string;
  private readonly keySecret: string;

  constructor(
    config: AppConfig,
    private readonly counts: ThrottleCounts,
  ) {
    this.signatureSecret = `altcha-challenges:${config.jwtSecret}`;
    this.keySecret = `altcha-keys:${config.jwtSecret}`;
  }

  challenge(): Promise<Challenge> {
    return createChallenge({
      algorithm: 'SHA-256',
      cost: COST,
      counter: randomInt(COUNTER.max, COUNTER.min),
      deriveKey,
      // The real wall clock, not the Clock: the ALTCHA library checks this expiry against it.
      // eslint-disable-next-line no-restricted-syntax -- the library's time, see above
      expiresAt: new Date(Date.now() + LIFETIME_MS),
      hmacSignatureSecret: this.signatureSecret,
      hmacKeySignatureSecret: this.keySecret,
    });
  }

  /** Accepts a solved challenge (the base64 ALTCHA payload) once; anything else is a 400. */
  async spend(payload: string | undefined): Promise<void> {
    const solved = typeof payload === 'string' && payload.length <= PAYLOAD_LIMIT ? decode(payload) : undefined;
    if (!solved || !(await this.verified(solved))) throw new ProofOfWorkError();
    if (!(await this.counts.firstUse('altcha', solved.challenge.signature!, LIFETIME_MS))) throw new ProofOfWorkError();
  }

  private async verified({ challenge, solution }: Payload): Promise<boolean> {
    try {
      const result = await verifySolution({
        challenge,
        solution,
        deriveKey,
        hmacSignatureSecret: this.signatureSecret,
        hmacKeySignatureSecret: this.keySecret,
      });
      return result.verified;
    } catch {
      // Malformed hex or parameters: not a solution.
      return false;
    }
  }
}

function decode(payload: string): Payload | undefined {
  try {
    const value = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as Partial<Payload> | null;
    const challenge = value?.challenge;
    if (!challenge || typeof challenge.signature !== 'string' || typeof challenge.parameters !== 'object' || !challenge.parameters)
      return undefined;
    if (typeof value.solution !== 'object' || !value.solution) return undefined;
    return value as Payload;
  } catch {
    return undefined;
  }
}
