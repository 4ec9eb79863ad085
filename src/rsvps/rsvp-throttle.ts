import { Injectable } from '@nestjs/common';
import { ThrottleCounts, type Allowance } from '../common/throttle-counts.js';
import { fromBody, ThrottlePerCredential } from '../common/throttling.js';

/**
 * RSVP requests per address, known or not, so that a 429 says nothing about it either. The API
 * and the event page's form count together.
 */
export const ThrottleRsvpsPerAddress = () => ThrottlePerCredential(fromBody('email'), 20, 10 * 60_000, 'rsvps-per-address');

/**
 * Seats one source (an address, hashed) may ask for at one event in an hour: more than a hall of
 * 300 on one Wi-Fi books, so a script cannot book out a hall of fake names. Counted for every
 * valid request before the address is looked at, so a 429 tells nothing about it.
 */
const SEATS_PER_SOURCE: Allowance = { limit: 400, ttlMs: 60 * 60_000 };

@Injectable()
export class BookingAllowance {
  constructor(private readonly counts: ThrottleCounts) {}

  seatsAsked(eventId: string, source: string, seats: number): Promise<void> {
    return this.counts.spend('rsvp-seats', `${eventId}:${source}`, seats, SEATS_PER_SOURCE);
  }
}
