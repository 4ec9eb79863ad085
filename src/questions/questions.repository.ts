import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { toPage, type Page, type PageQuery } from '../common/pagination.js';
import { decodeQueueCursor, queueKey, type ChangeKind } from './question-rules.js';
import type { Event } from '../events/event.entity.js';
import { Question, type QuestionStatus } from './question.entity.js';
import { queryPrepared } from '../database/prepared-statements.js';

/** What a vote found, in one read with the write: the caller decides the answer from it. */
export interface VoteAttempt {
  eventId: string;
  status: QuestionStatus;
  event: Pick<Event, 'status' | 'questionsEnabled' | 'endsAt'>;
  /** Null when the token is no participant's at this event (it may still be an RSVP manage token). */
  participantId: string | null;
  votes: number;
  changed: boolean;
}

interface VoteRow {
  event_id: string;
  status: QuestionStatus;
  event_status: Event['status'];
  questions_enabled: boolean;
  ends_at: Date;
  participant_id: string | null;
  votes: number;
  changed: boolean;
}

export interface QuestionChange {
  seq: number;
  kind: ChangeKind;
  question: Question;
}

/** The vote-ordered queue, the vote counts and the change log the live streams read. */
@Injectable()
export class QuestionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One page of the event's questions with these statuses, in the public order. */
  async queue(eventId: string, statuses: readonly QuestionStatus[], { limit, cursor }: PageQuery): Promise<Page<Question>> {
    const after = decodeQueueCursor(cursor);
    const query = this.dataSource
      .getRepository(Question)
      .createQueryBuilder('q')
      .where('q.event_id = :eventId', { eventId })
      .andWhere('q.status IN (:...statuses)', { statuses })
      // Ascending on (answered, NOT pinned, -votes) is "open first, pinned first, most votes first", so one row comparison pages it.
      .orderBy("q.status = 'answered'", 'ASC')
      .addOrderBy('NOT q.pinned', 'ASC')
      .addOrderBy('-q.votes', 'ASC')
      .addOrderBy('q.created_at', 'ASC')
      .addOrderBy('q.id', 'ASC')
      .limit(limit + 1);
    if (after) {
      query.andWhere(
        "(q.status = 'answered', NOT q.pinned, -q.votes, q.created_at, q.id) > (:answered, :notPinned, :negativeVotes, :at::timestamptz, :id::uuid)",
        {
          answered: after.answered,
          notPinned: !after.pinned,
          negativeVotes: -after.votes,
          at: after.createdAt,
          id: after.id,
        },
      );
    }
    return toPage(await query.getMany(), limit, queueKey, (question) => question);
  }

  /** Questions waiting for a moderator, per event (events without any are left out). */
  async pendingCounts(eventIds: string[]): Promise<Map<string, number>> {
    const rows: { event_id: string; count: number }[] = eventIds.length
      ? await this.dataSource.query(
          `SELECT event_id, count(*)::int AS count FROM questions WHERE event_id = ANY($1) AND status = 'pending' GROUP BY event_id`,
          [eventIds],
        )
      : [];
    return new Map(rows.map((row) => [row.event_id, row.count]));
  }

  /** Shown beside the public list, so the audience sees that moderation happens (not what). */
  async rejectedCount(eventId: string): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS count FROM questions WHERE event_id = $1 AND status = 'rejected'`, [
      eventId,
    ]);
    return row.count as number;
  }

  async votedAmong(participantId: string, questionIds: string[]): Promise<Set<string>> {
    if (questionIds.length === 0) return new Set();
    const rows: { question_id: string }[] = await this.dataSource.query(
      `SELECT question_id FROM question_votes WHERE participant_id = $1 AND question_id = ANY($2::uuid[])`,
      [participantId, questionIds],
    );
    return new Set(rows.map((row) => row.question_id));
  }

  /**
   * Adds (or withdraws) one participant's vote in one statement, reading with it everything the
   * rules need: the question's and its event's state and the participant (by token hash, or by
   * id once resolved otherwise). It writes only when the vote is allowed; the caller turns the
   * state into the answer. The primary key decides whether the vote counts, and the count moves
   * only when a row did: no read-modify-write. One statement also keeps the event's counter row
   * locked for no client round trip (see logChanges). Null: no such question.
   */
  async castVote(questionId: string, participant: { tokenHash?: string; id?: string }, voted: boolean): Promise<VoteAttempt | null> {
    const [row] = await queryPrepared<VoteRow>(
      this.dataSource,
      voted ? 'cast-vote' : 'withdraw-vote',
      `WITH target AS (
         SELECT q.id, q.event_id, q.status, q.votes, e.status AS event_status, e.questions_enabled, e.ends_at,
           (SELECT p.id FROM participants p WHERE p.event_id = q.event_id AND (p.token_hash = $1 OR p.id = $5::uuid)) AS participant_id
         FROM questions q JOIN events e ON e.id = q.event_id WHERE q.id = $2
       ),
       allowed AS (
         SELECT id, participant_id FROM target
         WHERE participant_id IS NOT NULL AND event_status = 'published' AND ends_at > now() AND questions_enabled AND status = 'approved'
       ),
       changed AS (
         ${
           voted
             ? 'INSERT INTO question_votes (question_id, participant_id) SELECT id, participant_id FROM allowed ON CONFLICT DO NOTHING RETURNING 1'
             : 'DELETE FROM question_votes v USING allowed a WHERE v.question_id = a.id AND v.participant_id = a.participant_id RETURNING 1'
         }
       ),
       counted AS (
         UPDATE questions SET votes = votes + $6 WHERE id = $2 AND EXISTS (SELECT 1 FROM changed) RETURNING votes
       ),
       ${logChanges('counted', '(SELECT event_id FROM target)')},
       -- Commits without waiting for the WAL flush: the event's counter row (logChanges) is held
       -- until commit, so a flush per vote would serialize a hall's votes behind the disk. A crash
       -- of PostgreSQL itself may lose the last moment's votes, whole (row, count and change
       -- together); RSVPs and emails never commit this way.
       quick_commit AS (SELECT set_config('synchronous_commit', 'off', true))
       SELECT t.event_id, t.status, t.event_status, t.questions_enabled, t.ends_at, t.participant_id,
              coalesce((SELECT votes FROM counted), t.votes) AS votes, EXISTS (SELECT 1 FROM counted) AS changed
       FROM target t, quick_commit`,
      [participant.tokenHash ?? null, questionId, 1, ['voted'], participant.id ?? null, voted ? 1 : -1],
    );
    if (!row) return null;
    return {
      eventId: row.event_id,
      status: row.status,
      event: { status: row.event_status, questionsEnabled: row.questions_enabled, endsAt: row.ends_at },
      participantId: row.participant_id,
      votes: row.votes,
      changed: row.changed,
    };
  }

  /** Logs changes for the live streams; last in a transaction (see logChanges). */
  async appendChanges(manager: EntityManager, eventId: string, questionId: string, kinds: ChangeKind[]): Promise<void> {
    if (kinds.length === 0) return;
    await manager.query(`WITH ${logChanges('(SELECT 1) AS always')} SELECT 1`, [eventId, questionId, kinds.length, kinds]);
  }

  async lastSeq(eventId: string): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT last_seq FROM question_streams WHERE event_id = $1`, [eventId]);
    return Number(row?.last_seq ?? 0);
  }

  /** Logged changes after `afterSeq`, each with its question as it is now. */
  async changesSince(eventId: string, afterSeq: number, limit: number): Promise<QuestionChange[]> {
    const rows: { seq: string; kind: ChangeKind; question_id: string }[] = await this.dataSource.query(
      `SELECT seq, kind, question_id FROM question_events WHERE event_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [eventId, afterSeq, limit],
    );
    if (rows.length === 0) return [];
    const questions = await this.dataSource
      .getRepository(Question)
      .createQueryBuilder('q')
      .where('q.id IN (:...ids)', { ids: [...new Set(rows.map((row) => row.question_id))] })
      .getMany();
    const byId = new Map(questions.map((question) => [question.id, question]));
    return rows.flatMap((row) => {
      const question = byId.get(row.question_id);
      return question ? [{ seq: Number(row.seq), kind: row.kind, question }] : [];
    });
  }

  async pruneChanges(olderThanHours: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM question_events WHERE created_at < now() - make_interval(hours => $1)`, [olderThanHours]);
  }
}

/**
 * Statement parts that number `$3` changes of event `event` (by default `$1`) and log them as the kinds `$4` of
 * question `$2`, once for each row of `source`. The event's counter row stays locked until
 * commit, so numbers commit in order and a reader never skips one that commits late; that
 * lock serializes the event's writers, so it comes last and is held as briefly as possible.
 */
function logChanges(source: string, event = '$1::uuid'): string {
  return `next AS (
      INSERT INTO question_streams (event_id, last_seq) SELECT ${event}, $3::bigint FROM ${source}
      ON CONFLICT (event_id) DO UPDATE SET last_seq = question_streams.last_seq + $3::bigint
      RETURNING last_seq
    ),
    logged AS (
      INSERT INTO question_events (event_id, seq, question_id, kind)
      SELECT ${event}, next.last_seq - $3::bigint + change.position, $2::uuid, change.kind
      FROM next, unnest($4::text[]) WITH ORDINALITY AS change(kind, position)
    )`;
}
