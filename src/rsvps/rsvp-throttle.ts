import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { isUuid } from '../common/ids.js';
import { ThrottleCounts, type Allowance } from '../common/throttle-counts.js';
import { isOpen } from '../events/event-rules.js';
import { Event } from '../events/event.entity.js';

/**
 * RSVP requests naming one email address at one event: enough for any person, too few to
 * mail-bomb them. Per event, so requests at one forum never hold up the address's booking of
 * another.
 */
const REQUESTS_PER_ADDRESS_AND_EVENT: Allowance = { limit: 20, ttlMs: 10 * 60_000 };

/**
 * Seats one source (an address, hashed) may ask for at one event in an hour: more than a hall of
 * 300 on one Wi-Fi books, so a script cannot book out a hall of fake names. Counted for every
 * valid request before the address is looked at, so a 429 tells nothing about it.
 */
const SEATS_PER_SOURCE: Allowance = { limit: 400, ttlMs: 60 * 60_000 };

@Injectable()
export class BookingAllowance {
  constructor(
    private readonly counts: ThrottleCounts,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Counts a request that could book with `email` (the API's and the event page's form alike):
   * the forum is open and takes email addresses. Requests that cannot book mail nobody and are
   * not counted, so they lock nobody out. Counted before the address is looked at, known or not,
   * so a 429 tells nothing about it.
   */
  async addressAsked(eventId: string, email: string): Promise<void> {
    const event = isUuid(eventId) ? await this.dataSource.manager.findOneBy(Event, { id: eventId }) : null;
    if (!event || !isOpen(event, this.clock.now()) || event.rsvpContact === 'none') return;
    await this.counts.spend('rsvps-per-address-and-event', `${event.id}:${email.trim().toLowerCase()}`, 1, REQUESTS_PER_ADDRESS_AND_EVENT);
  }

  seatsAsked(eventId: string, source: string, seats: number): Promise<void> {
    return this.counts.spend('rsvp-seats', `${eventId}:${source}`, seats, SEATS_PER_SOURCE);
  }
}
