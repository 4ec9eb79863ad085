import { ApiProperty } from '@nestjs/swagger';
import { formatInstant } from '../../common/time.js';
import { MESSAGE_AUDIENCES, type MessageAudience } from '../message-audiences.js';
import type { Message } from '../message.entity.js';

export class LocalizedTextView {
  @ApiProperty() en!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null: Spanish readers got the English.' }) es!: string | null;
}

/** Where the message's emails are, from the outbox; a delivered email's record goes when its recipient's data is erased. */
export class DeliveryCountsView {
  @ApiProperty({ description: 'Queued, or retried while the mail server is down.' }) pending!: number;
  @ApiProperty() sent!: number;
  @ApiProperty({ description: "Given up after the retries; listed in the organization's outbox." }) failed!: number;
}

export class EventMessageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MESSAGE_AUDIENCES }) audience!: MessageAudience;
  @ApiProperty({ type: LocalizedTextView }) subject!: LocalizedTextView;
  @ApiProperty({ type: LocalizedTextView }) body!: LocalizedTextView;
  @ApiProperty({ description: 'How many people it was queued for.' }) recipients!: number;
  @ApiProperty({ type: DeliveryCountsView }) deliveries!: DeliveryCountsView;
  @ApiProperty({ nullable: true, type: String, description: 'The member who sent it; null once they left the organization.' })
  authorName!: string | null;
  @ApiProperty({ example: '2026-09-11T18:30:00-04:00', description: "In the forum's time zone." }) createdAt!: string;

  static of(message: Message, timezone: string, deliveries: DeliveryCountsView, authorName: string | null): EventMessageView {
    return {
      id: message.id,
      audience: message.audience,
      subject: { en: message.subjectEn, es: message.subjectEs },
      body: { en: message.bodyEn, es: message.bodyEs },
      recipients: message.recipients,
      deliveries,
      authorName,
      createdAt: formatInstant(message.createdAt, timezone),
    };
  }
}

export class EventMessagePage {
  @ApiProperty({ type: [EventMessageView] }) items!: EventMessageView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
