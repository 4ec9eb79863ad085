/**
 * The booking transaction of RsvpsService.book written out for pgbench, statement for
 * statement: the event's row lock, the address lookup, the conditional seat update, the RSVP
 * (the trigger counts the waitlist), a check-in code for the confirmed, a manage token, and
 * the outbox row with its pg-boss job in a savepoint. Message bodies are padded to the size
 * of a rendered email (about 7 kB of text and HTML, 3 kB of invite when confirmed).
 */
export function pgbenchBookingScript(): string {
  return `\\set party random(1, 4)
\\set person random(1, 2000000000)
BEGIN;
SELECT id, status, ends_at, capacity, seats_taken, waitlisted, waitlist_enabled, max_party_size FROM events WHERE id = ':event' FOR UPDATE;
SELECT id FROM rsvps WHERE event_id = ':event' AND lower(email) = lower('pgbench-' || :client_id || '-' || :person || '@bench.example') AND status <> 'cancelled';
WITH taken AS (
  UPDATE events SET seats_taken = seats_taken + :party
  WHERE id = ':event' AND waitlisted = 0 AND (capacity IS NULL OR seats_taken + :party <= capacity) RETURNING 1
) SELECT count(*) AS took FROM taken \\gset
\\if :took
SELECT 1 FROM rsvps WHERE event_id = ':event' AND check_in_code = upper(substr(md5(random()::text), 1, 3) || '-' || substr(md5(random()::text), 1, 3));
INSERT INTO rsvps (event_id, name, email, party_size, language, status, check_in_code, invite_uid)
VALUES (':event', 'Bench Attendee', 'pgbench-' || :client_id || '-' || :person || '@bench.example', :party, 'en', 'confirmed',
  upper(substr(md5(random()::text), 1, 3) || '-' || substr(md5(random()::text), 1, 3)), gen_random_uuid()) RETURNING id AS rsvp_id \\gset
\\else
INSERT INTO rsvps (event_id, name, email, party_size, language, status, invite_uid)
VALUES (':event', 'Bench Attendee', 'pgbench-' || :client_id || '-' || :person || '@bench.example', :party, 'en', 'waitlisted', gen_random_uuid())
RETURNING id AS rsvp_id \\gset
\\endif
INSERT INTO rsvp_manage_tokens (token_hash, rsvp_id) VALUES (md5(random()::text) || md5(random()::text), ':rsvp_id');
SELECT id, name, contact_email FROM organizations WHERE id = (SELECT organization_id FROM events WHERE id = ':event');
SAVEPOINT outbox;
INSERT INTO mail_outbox (id, idempotency_key, message_id, template, language, recipient_name, recipient_address, subject,
  text_body, html_body, calendar_method, calendar_ics, status, attempts)
VALUES (gen_random_uuid(), 'rsvp:' || ':rsvp_id', '<' || gen_random_uuid() || '@bench.example>', 'rsvp-confirmed', 'en', 'Bench Attendee',
  'pgbench-' || :client_id || '-' || :person || '@bench.example', 'You are confirmed: Community forum',
  repeat('Text of the message. ', 80), repeat('<p>HTML of the message.</p> ', 190),
  CASE WHEN :took = 1 THEN 'REQUEST' END, CASE WHEN :took = 1 THEN repeat('ICS:LINE ', 340) END, 'pending', 0)
ON CONFLICT (idempotency_key) DO NOTHING RETURNING id AS outbox_id \\gset
INSERT INTO pgboss.job (id, name, data, retry_limit, retry_delay, retry_backoff, retry_delay_max, expire_seconds)
VALUES (gen_random_uuid(), 'mail', json_build_object('outboxId', ':outbox_id')::jsonb, 360, 5, true, 240, 120);
SELECT pg_notify('pgboss_mail', 'mail');
RELEASE SAVEPOINT outbox;
COMMIT;
`;
}
