-- book_rsvp: a booking decided and written in one call, so the event's lock is held for one
-- statement and the commit. This file is the one home of the booking rules (docs/architecture.md,
-- "Where each rule lives"); RsvpsService only reports the outcome (bookingRefusal) and stores the
-- email it composed beforehand, with the waiting party's place filled in by the outbox.
-- The migration runner applies this file again whenever it changes (src/database/migrations.ts).
-- Changing the arguments or the returned columns needs a DROP of the signature before.
--
-- Outcomes: confirmed, waitlisted (written, with the place in the queue when waiting); known (an
-- active RSVP holds the address: nothing written, its id returned); not-found, email-refused,
-- email-required, cancelled, ended, party-too-large, party-larger-than-hall, full,
-- no-email-seats-taken (refused, nothing written); recompose, code-taken (compose again, nothing
-- written). A null `email` is a booking without an address.

-- The first signature (migration BookingFunction) took the rendered email and wrote the place into it.
DROP FUNCTION IF EXISTS book_rsvp(uuid, uuid, text, text, int, text, text, uuid, text, text, text, jsonb);

CREATE OR REPLACE FUNCTION book_rsvp(
  event_id uuid, rsvp_id uuid, name text, email text, party_size int, language text, accessibility_needs text,
  invite_uid uuid, check_in_code text, token_hash text, composed_for text
) RETURNS TABLE (outcome text, known_rsvp_id uuid, waitlist_position int) LANGUAGE plpgsql AS $$
DECLARE
  event events%ROWTYPE;
  fits boolean;
  known uuid;
  status text;
BEGIN
  -- The event's row lock comes first: it serializes every change of its seats and queue, so the
  -- counts read here are exact until commit (RsvpsRepository.lockEvent takes the same lock).
  SELECT * INTO event FROM events e WHERE e.id = book_rsvp.event_id FOR NO KEY UPDATE;
  -- A draft is not there for the public.
  IF NOT FOUND OR event.status = 'draft' THEN RETURN QUERY SELECT 'not-found', NULL::uuid, NULL::int; RETURN; END IF;
  -- The forum's rule on addresses: some take none, most require one.
  IF book_rsvp.email IS NOT NULL AND event.rsvp_contact = 'none' THEN RETURN QUERY SELECT 'email-refused', NULL::uuid, NULL::int; RETURN; END IF;
  IF book_rsvp.email IS NULL AND event.rsvp_contact = 'email-required' THEN
    RETURN QUERY SELECT 'email-required', NULL::uuid, NULL::int; RETURN;
  END IF;
  -- Closed: cancelled, or over.
  IF event.status = 'cancelled' THEN RETURN QUERY SELECT 'cancelled', NULL::uuid, NULL::int; RETURN; END IF;
  IF event.ends_at <= now() THEN RETURN QUERY SELECT 'ended', NULL::uuid, NULL::int; RETURN; END IF;
  -- The party size rules.
  IF book_rsvp.party_size > event.max_party_size THEN RETURN QUERY SELECT 'party-too-large', NULL::uuid, NULL::int; RETURN; END IF;
  IF event.capacity IS NOT NULL AND book_rsvp.party_size > event.capacity THEN
    RETURN QUERY SELECT 'party-larger-than-hall', NULL::uuid, NULL::int; RETURN;
  END IF;
  -- Strict FIFO: a party takes seats only when nobody is waiting and it fits.
  fits := event.waitlisted = 0 AND (event.capacity IS NULL OR event.seats_taken + book_rsvp.party_size <= event.capacity);
  -- Full without a waitlist. Everything so far depends on the event alone, so it is decided
  -- before the address is looked at and cannot tell whether the address was known.
  IF NOT fits AND NOT event.waitlist_enabled THEN RETURN QUERY SELECT 'full', NULL::uuid, NULL::int; RETURN; END IF;
  -- Seats without an address (waiting ones too) stop at the organizer's cap.
  IF book_rsvp.email IS NULL AND event.no_email_seat_cap IS NOT NULL
    AND event.no_email_seats + book_rsvp.party_size > event.no_email_seat_cap THEN
    RETURN QUERY SELECT 'no-email-seats-taken', NULL::uuid, NULL::int; RETURN;
  END IF;
  -- A known address (compared case-insensitively) is booked once: the caller sends it a fresh link.
  SELECT r.id INTO known FROM rsvps r
  WHERE r.event_id = book_rsvp.event_id AND lower(r.email) = lower(book_rsvp.email) AND r.status <> 'cancelled';
  IF known IS NOT NULL THEN RETURN QUERY SELECT 'known', known, NULL::int; RETURN; END IF;
  status := CASE WHEN fits THEN 'confirmed' ELSE 'waitlisted' END;
  -- The email says which it is; composed for the other outcome, it is composed again.
  IF composed_for <> status THEN RETURN QUERY SELECT 'recompose', NULL::uuid, NULL::int; RETURN; END IF;
  -- A confirmed party's check-in code is unique at its event.
  IF fits AND EXISTS (SELECT 1 FROM rsvps r WHERE r.event_id = book_rsvp.event_id AND r.check_in_code = book_rsvp.check_in_code) THEN
    RETURN QUERY SELECT 'code-taken', NULL::uuid, NULL::int; RETURN;
  END IF;
  -- Seats are taken only if they fit; the CHECK on events makes overbooking impossible whatever happens here.
  IF fits THEN
    UPDATE events e SET seats_taken = e.seats_taken + book_rsvp.party_size WHERE e.id = book_rsvp.event_id;
  END IF;
  -- The RSVP takes the next arrival number; triggers count it into events.waitlisted when it
  -- waits, and into events.no_email_seats when booked without an address.
  INSERT INTO rsvps (id, event_id, name, email, booked_without_email, party_size, language, accessibility_needs, status,
    check_in_code, invite_uid)
  VALUES (rsvp_id, book_rsvp.event_id, book_rsvp.name, book_rsvp.email, book_rsvp.email IS NULL, book_rsvp.party_size,
    book_rsvp.language, book_rsvp.accessibility_needs, status, CASE WHEN fits THEN book_rsvp.check_in_code END, book_rsvp.invite_uid);
  INSERT INTO rsvp_manage_tokens (token_hash, rsvp_id) VALUES (book_rsvp.token_hash, book_rsvp.rsvp_id);
  -- A waiting party's place is the count read under the lock, plus itself.
  RETURN QUERY SELECT status, NULL::uuid, CASE WHEN fits THEN NULL ELSE event.waitlisted + 1 END;
END $$;
