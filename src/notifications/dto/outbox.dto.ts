import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { OUTBOX_STATUSES, type OutboxMessage, type OutboxStatus } from '../outbox-message.entity.js';

export class OutboxQuery extends PageQuery {
  @ApiPropertyOptional({ enum: OUTBOX_STATUSES, description: 'Only messages in this state; all by default.' })
  @IsOptional()
  @IsIn(OUTBOX_STATUSES)
  status?: OutboxStatus;
}

/** What organizers may see of a message: never its body, which holds secret links. */
export class OutboxMessageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'member-invitation' }) template!: string;
  @ApiProperty({ description: "The recipient's address." }) recipient!: string;
  @ApiProperty({ enum: OUTBOX_STATUSES }) status!: OutboxStatus;
  @ApiProperty({ description: 'Delivery attempts so far.' }) attempts!: number;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last attempt failed (SMTP reply, without addresses).' })
  lastError!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) sentAt!: string | null;

  static of(message: OutboxMessage): OutboxMessageView {
    return {
      id: message.id,
      template: message.template,
      recipient: message.recipientAddress,
      status: message.status,
      attempts: message.attempts,
      lastError: message.lastError,
      createdAt: message.createdAt.toISOString(),
      sentAt: message.sentAt?.toISOString() ?? null,
    };
  }
}

export class OutboxPage {
  @ApiProperty({ type: [OutboxMessageView] }) items!: OutboxMessageView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
