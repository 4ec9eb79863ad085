import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { QUESTION_SOURCES, QUESTION_STATUSES, type Question, type QuestionSource, type QuestionStatus } from '../question.entity.js';

/** Everything here may be public; who asked (the participant) never is. */
export class QuestionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null: anonymous.' }) authorName!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The panelist it is addressed to.' })
  panelistId!: string | null;
  @ApiProperty({ enum: QUESTION_SOURCES }) source!: QuestionSource;
  @ApiProperty({ enum: QUESTION_STATUSES }) status!: QuestionStatus;
  @ApiProperty() pinned!: boolean;
  @ApiProperty() votes!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) answeredAt!: string | null;

  static of(question: Question): QuestionView {
    return {
      id: question.id,
      body: question.body,
      authorName: question.authorName,
      panelistId: question.panelistId,
      source: question.source,
      status: question.status,
      pinned: question.pinned,
      votes: question.votes,
      createdAt: question.createdAt.toISOString(),
      answeredAt: question.answeredAt?.toISOString() ?? null,
    };
  }
}

export class QueueItemView extends QuestionView {
  @ApiPropertyOptional({ description: 'With a participant token: whether this participant voted for it.' })
  votedByMe?: boolean;
  @ApiPropertyOptional({ description: "In a panelist's queue: whether it is addressed to them." })
  addressedToMe?: boolean;
}

export class QuestionPage {
  @ApiProperty({ type: [QueueItemView] }) items!: QueueItemView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty({ description: "How many of the event's questions were rejected (not which)." }) rejectedCount!: number;
}

export class QuestionEnvelope {
  @ApiProperty({ type: QuestionView }) question!: QuestionView;
}

export class VotesView {
  @ApiProperty() votes!: number;
}

export class ParticipantTokenView {
  @ApiProperty({ description: 'Send as X-Participant-Token; keep it private.' }) participantToken!: string;
}
