import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { toPage, type Page, type PageQuery } from '../common/pagination.js';
import { decodeQueueCursor, queueKey, type ChangeKind } from './question-rules.js';
import { Question, type QuestionStatus } from './question.entity.js';

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
      // Ascending on (NOT pinned, -votes) is "pinned first, most votes first", so one row comparison pages it.
      .orderBy('NOT q.pinned', 'ASC')
      .addOrderBy('-q.votes', 'ASC')
      .addOrderBy('q.created_at', 'ASC')
      .addOrderBy('q.id', 'ASC')
      .limit(limit + 1);
    if (after) {
      query.andWhere('(NOT q.pinned, -q.votes, q.created_at, q.id) > (:notPinned, :negativeVotes, :at::timestamptz, :id::uuid)', {
        notPinned: !after.pinned,
        negativeVotes: -after.votes,
        at: after.createdAt,
        id: after.id,
      });
    }
    return toPage(await query.getMany(), limit, queueKey, (question) => question);
  }

  /** Shown beside the public list, so the audience sees that moderation happens (not what). */
  async rejectedCount(eventId: string): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM questions WHERE event_id = $1 AND status = 'rejected'`,
      [eventId],
    );
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
   * Adds (or withdraws) one participant's vote. The primary key decides whether it counts, and
   * the count moves only when a row did, in the same transaction: no read-modify-write.
   */
  setVote(question: Question, participantId: string, voted: boolean): Promise<{ votes: number; changed: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      // Structured results, because TypeORM shapes the rows of UPDATE and DELETE unlike those of INSERT.
      const runner = manager.queryRunner!;
      const { records: changed } = await runner.query(
        voted
          ? `INSERT INTO question_votes (question_id, participant_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`
          : `DELETE FROM question_votes WHERE question_id = $1 AND participant_id = $2 RETURNING 1`,
        [question.id, participantId],
        true,
      );
      if (changed.length === 0) {
        const [row] = await manager.query(`SELECT votes FROM questions WHERE id = $1`, [question.id]);
        return { votes: row.votes as number, changed: false };
      }
      const {
        records: [row],
      } = await runner.query(`UPDATE questions SET votes = votes + $2 WHERE id = $1 RETURNING votes`, [question.id, voted ? 1 : -1], true);
      await this.appendChanges(manager, question.eventId, question.id, ['voted']);
      return { votes: row.votes as number, changed: true };
    });
  }

  /**
   * Logs changes for the live streams. The event's counter row stays locked until commit, so
   * sequence numbers commit in order and a reader never skips one that commits late. Call it
   * last in a transaction: the lock serializes the event's writers until then.
   */
  async appendChanges(manager: EntityManager, eventId: string, questionId: string, kinds: ChangeKind[]): Promise<void> {
    if (kinds.length === 0) return;
    await manager.query(
      `WITH next AS (
         INSERT INTO question_streams (event_id, last_seq) VALUES ($1, $3)
         ON CONFLICT (event_id) DO UPDATE SET last_seq = question_streams.last_seq + $3
         RETURNING last_seq
       )
       INSERT INTO question_events (event_id, seq, question_id, kind)
       SELECT $1, next.last_seq - $3 + change.position, $2, change.kind
       FROM next, unnest($4::text[]) WITH ORDINALITY AS change(kind, position)`,
      [eventId, questionId, kinds.length, kinds],
    );
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
    await this.dataSource.query(`DELETE FROM question_events WHERE created_at < now() - make_interval(hours => $1)`, [
      olderThanHours,
    ]);
  }
}
