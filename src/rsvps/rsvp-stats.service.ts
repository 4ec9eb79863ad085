import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { countByStatus } from '../common/status-counts.js';
import { Rsvp, RSVP_STATUSES, type RsvpStatus } from './rsvp.entity.js';
import { LANGUAGES, type Language } from '../common/languages.js';

export interface RsvpCounts {
  byStatus: Record<RsvpStatus, number>;
  /** Confirmed parties checked in. */
  checkedIn: number;
  /** Confirmed seats by the language their party chose. */
  seatsByLanguage: Record<Language, number>;
  /** Confirmed parties by their size ("1", "2", …). */
  partySizes: Record<string, number>;
  /** Confirmed parties that told of accessibility needs, and their seats (erased texts still count). */
  accessibilityNeeds: { parties: number; seats: number };
}

export type BookingsUnit = 'hour' | 'day' | 'week';

/** Seats booked up to the end of each period, by where their RSVPs stand now. */
export interface BookingsOverTime {
  unit: BookingsUnit;
  points: { at: string; confirmedSeats: number; waitlistedSeats: number }[];
}

/** Counts of an event's RSVPs for its stats: never a person, so moderators may read them. */
@Injectable()
export class RsvpStatsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async counts(eventId: string): Promise<RsvpCounts> {
    const [byStatus, confirmed, sizes] = await Promise.all([
      countByStatus(this.dataSource, Rsvp, eventId, RSVP_STATUSES),
      this.dataSource.query(
        `SELECT language, sum(party_size)::int AS seats, count(checked_in_at)::int AS checked_in,
           count(*) FILTER (WHERE accessibility_needs IS NOT NULL OR accessibility_needs_erased)::int AS needs_parties,
           coalesce(sum(party_size) FILTER (WHERE accessibility_needs IS NOT NULL OR accessibility_needs_erased), 0)::int AS needs_seats
         FROM rsvps WHERE event_id = $1 AND status = 'confirmed' GROUP BY language`,
        [eventId],
      ) as Promise<{ language: Language; seats: number; checked_in: number; needs_parties: number; needs_seats: number }[]>,
      this.dataSource.query(
        `SELECT party_size, count(*)::int AS parties FROM rsvps WHERE event_id = $1 AND status = 'confirmed' GROUP BY party_size ORDER BY party_size`,
        [eventId],
      ) as Promise<{ party_size: number; parties: number }[]>,
    ]);
    const seatsByLanguage = Object.fromEntries(LANGUAGES.map((language) => [language, 0])) as Record<Language, number>;
    for (const row of confirmed) seatsByLanguage[row.language] = row.seats;
    const total = (pick: (row: (typeof confirmed)[number]) => number) => confirmed.reduce((sum, row) => sum + pick(row), 0);
    return {
      byStatus,
      checkedIn: total((row) => row.checked_in),
      seatsByLanguage,
      partySizes: Object.fromEntries(sizes.map((row) => [String(row.party_size), row.parties])),
      accessibilityNeeds: { parties: total((row) => row.needs_parties), seats: total((row) => row.needs_seats) },
    };
  }

  /**
   * Cumulative seats of the RSVPs that still stand, by when they were made, in periods of the
   * event's own time zone: hours over two days or less, days up to three months, weeks beyond.
   */
  async bookingsOverTime(eventId: string, timeZone: string): Promise<BookingsOverTime> {
    const rows: { unit: BookingsUnit; at: Date; confirmed: number; waitlisted: number }[] = await this.dataSource.query(
      `WITH standing AS (
         SELECT created_at AT TIME ZONE $2 AS local, party_size, status FROM rsvps WHERE event_id = $1 AND status <> 'cancelled'),
       unit AS (
         SELECT CASE WHEN max(local) - min(local) <= interval '2 days' THEN 'hour'
                     WHEN max(local) - min(local) <= interval '92 days' THEN 'day' ELSE 'week' END AS name,
                min(local) AS first, max(local) AS last
         FROM standing HAVING count(*) > 0),
       periods AS (
         SELECT generate_series(date_trunc(unit.name, unit.first), date_trunc(unit.name, unit.last), ('1 ' || unit.name)::interval) AS local FROM unit),
       booked AS (
         SELECT date_trunc(unit.name, standing.local) AS local,
                sum(party_size) FILTER (WHERE status = 'confirmed') AS confirmed,
                sum(party_size) FILTER (WHERE status = 'waitlisted') AS waitlisted
         FROM standing, unit GROUP BY 1)
       SELECT unit.name AS unit, periods.local AT TIME ZONE $2 AS at,
              (sum(coalesce(booked.confirmed, 0)) OVER (ORDER BY periods.local))::int AS confirmed,
              (sum(coalesce(booked.waitlisted, 0)) OVER (ORDER BY periods.local))::int AS waitlisted
       FROM periods CROSS JOIN unit LEFT JOIN booked USING (local) ORDER BY periods.local`,
      [eventId, timeZone],
    );
    return {
      unit: rows[0]?.unit ?? 'day',
      points: rows.map((row) => ({ at: row.at.toISOString(), confirmedSeats: row.confirmed, waitlistedSeats: row.waitlisted })),
    };
  }

  /** People of checked-in parties by the quarter hour they arrived in (keyed by its start). */
  async arrivals(eventId: string): Promise<Map<string, number>> {
    const rows: { at: Date; people: number }[] = await this.dataSource.query(
      `SELECT date_bin('15 minutes', checked_in_at, timestamptz '2000-01-01Z') AS at, sum(party_size)::int AS people
       FROM rsvps WHERE event_id = $1 AND status = 'confirmed' AND checked_in_at IS NOT NULL GROUP BY 1`,
      [eventId],
    );
    return new Map(rows.map((row) => [row.at.toISOString(), row.people]));
  }
}
