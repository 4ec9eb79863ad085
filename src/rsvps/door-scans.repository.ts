import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RsvpStatus } from './rsvp.entity.js';

/** One scan a device sends: its own id, the code as read, the device's instant, and whether it takes a check-in back. */
export interface DeviceScan {
  id: string;
  code: string;
  at: Date;
  undo: boolean;
}

/** A recorded scan with what its party now is: what the sync answers item by item. */
export interface SettledScan {
  id: string;
  undo: boolean;
  rsvpId: string | null;
  status: RsvpStatus | null;
  partySize: number | null;
  checkedInAt: Date | null;
  /** The scan that checked the party in (the earliest since the last undo), and its device. */
  firstScanId: string | null;
  firstDevice: string | null;
}

export interface DoorParty {
  rsvpId: string;
  code: string | null;
  partySize: number;
  status: RsvpStatus;
  checkedInAt: Date | null;
  name: string | null;
}

export interface DoubleScan {
  code: string;
  partySize: number;
  name: string | null;
  devices: string[];
  ats: Date[];
}

/**
 * The door's scans (table door_scans): a party's state is its latest action by the devices'
 * clocks, and its check-in time the earliest check-in since its last undo. Every query runs on
 * the caller's manager, under the event's lock, so two doors' syncs settle one after the other.
 */
@Injectable()
export class DoorScansRepository {
  /**
   * Records the scans not seen before (by id); a code matches a party of the event or none.
   * Returns how many of the new scans matched no party. `recorded_at` is the moment of the insert
   * under the event's lock, not the transaction's start (now()): a sync that began first but
   * waited for the lock must not count as recorded before the one that settled meanwhile.
   */
  async record(manager: EntityManager, eventId: string, device: string, scans: DeviceScan[]): Promise<number> {
    if (scans.length === 0) return 0;
    const inserted: { rsvp_id: string | null }[] = await manager.query(
      `INSERT INTO door_scans (id, event_id, rsvp_id, code, device, at, undo, recorded_at)
       SELECT item.id, $1, r.id, item.code, $2, item.at, item.undo, clock_timestamp()
         FROM unnest($3::uuid[], $4::text[], $5::timestamptz[], $6::boolean[]) AS item(id, code, at, undo)
         LEFT JOIN rsvps r ON r.event_id = $1 AND r.check_in_code = item.code
       ON CONFLICT (id) DO NOTHING
       RETURNING rsvp_id`,
      [eventId, device, scans.map((s) => s.id), scans.map((s) => s.code), scans.map((s) => s.at), scans.map((s) => s.undo)],
    );
    return inserted.filter((row) => row.rsvp_id === null).length;
  }

  /** A check-in taken back online (the console or the API), so a check-in queued offline before it stays undone. */
  async recordUndo(manager: EntityManager, eventId: string, rsvpId: string, code: string | null, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO door_scans (id, event_id, rsvp_id, code, device, at, undo, recorded_at)
       VALUES (gen_random_uuid(), $1, $2, $3, 'online', $4, true, clock_timestamp())`,
      [eventId, rsvpId, code ?? '', at],
    );
  }

  /**
   * Each confirmed party the scans name takes the state its actions give: out if its latest
   * action is an undo, else in since its earliest check-in after the last undo (a check-in made
   * online counts as one at its time).
   */
  async settle(manager: EntityManager, eventId: string, ids: string[]): Promise<void> {
    await manager.query(
      `WITH touched AS (
         SELECT DISTINCT rsvp_id FROM door_scans WHERE event_id = $1 AND id = ANY($2::uuid[]) AND rsvp_id IS NOT NULL
       ), last_undo AS (
         SELECT s.rsvp_id, max(s.at) AS at FROM door_scans s JOIN touched USING (rsvp_id) WHERE s.undo GROUP BY s.rsvp_id
       ), first_in AS (
         SELECT s.rsvp_id, min(s.at) AS at FROM door_scans s JOIN touched USING (rsvp_id) LEFT JOIN last_undo u USING (rsvp_id)
          WHERE NOT s.undo AND (u.at IS NULL OR s.at > u.at) GROUP BY s.rsvp_id
       )
       UPDATE rsvps r
          SET checked_in_at = least(f.at, CASE WHEN u.at IS NULL OR r.checked_in_at > u.at THEN r.checked_in_at END),
              updated_at = now()
         FROM touched t LEFT JOIN last_undo u USING (rsvp_id) LEFT JOIN first_in f USING (rsvp_id)
        WHERE r.id = t.rsvp_id AND r.status = 'confirmed'
          AND r.checked_in_at IS DISTINCT FROM least(f.at, CASE WHEN u.at IS NULL OR r.checked_in_at > u.at THEN r.checked_in_at END)`,
      [eventId, ids],
    );
  }

  /** The given scans of this event as they stand now (ids of other events are left out). */
  async settled(manager: EntityManager, eventId: string, ids: string[]): Promise<SettledScan[]> {
    const rows: {
      id: string;
      undo: boolean;
      rsvp_id: string | null;
      status: RsvpStatus | null;
      party_size: number | null;
      checked_in_at: Date | null;
      first_id: string | null;
      first_device: string | null;
    }[] = await manager.query(
      `SELECT s.id, s.undo, r.id AS rsvp_id, r.status, r.party_size, r.checked_in_at, first.id AS first_id, first.device AS first_device
         FROM door_scans s
         LEFT JOIN rsvps r ON r.id = s.rsvp_id
         LEFT JOIN LATERAL (
           SELECT f.id, f.device FROM door_scans f
            WHERE f.rsvp_id = r.id AND NOT f.undo AND f.at = r.checked_in_at ORDER BY f.recorded_at, f.id LIMIT 1
         ) first ON true
        WHERE s.event_id = $1 AND s.id = ANY($2::uuid[])`,
      [eventId, ids],
    );
    return rows.map((row) => ({
      id: row.id,
      undo: row.undo,
      rsvpId: row.rsvp_id,
      status: row.status,
      partySize: row.party_size,
      checkedInAt: row.checked_in_at,
      firstScanId: row.first_id,
      firstDevice: row.first_device,
    }));
  }

  /** What a door needs to answer without signal, in arrival order: the confirmed parties (and the waiting ones if asked). */
  doorList(manager: EntityManager, eventId: string, withWaitlisted: boolean): Promise<DoorParty[]> {
    return manager.query(
      `SELECT id AS "rsvpId", check_in_code AS code, party_size AS "partySize", status, checked_in_at AS "checkedInAt", name
         FROM rsvps WHERE event_id = $1 AND (status = 'confirmed' OR ($2 AND status = 'waitlisted')) ORDER BY arrival`,
      [eventId, withWaitlisted],
    );
  }

  /** Parties checked in by more than one scan since their last undo: two doors (or one twice) scanned the same code. */
  doubleScans(manager: EntityManager, eventId: string): Promise<DoubleScan[]> {
    return manager.query(
      `SELECT r.check_in_code AS code, r.party_size AS "partySize", r.name,
              array_agg(s.device ORDER BY s.at, s.recorded_at) AS devices, array_agg(s.at ORDER BY s.at, s.recorded_at) AS ats
         FROM door_scans s JOIN rsvps r ON r.id = s.rsvp_id
        WHERE s.event_id = $1 AND NOT s.undo AND r.check_in_code IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM door_scans u WHERE u.rsvp_id = s.rsvp_id AND u.undo AND u.at >= s.at)
        GROUP BY r.id HAVING count(*) > 1 ORDER BY min(s.at)`,
      [eventId],
    );
  }
}
