import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { NotFoundError } from '../common/domain-errors.js';
import { decodeTimeCursor } from '../common/time-cursor.js';
import { toPage, type Page } from '../common/pagination.js';
import { MailQueue } from './mail-queue.js';
import { MessageNotFailedError } from './notification-errors.js';
import { MailTemplates } from './mail-templates.js';
import { OutboxMessage, type CalendarMethod } from './outbox-message.entity.js';
import { OutboxMessageView, type OutboxQuery } from './dto/outbox.dto.js';
import type { Language } from '../common/languages.js';

export interface OutgoingMail {
  to: { name?: string | null; address: string };
  language: Language;
  /** A message of templates/email/, e.g. `member-invitation`. */
  template: string;
  /** The template's values; a value it prints must be present (null is fine), or rendering throws. */
  data: object;
  calendar?: { method: CalendarMethod; ics: string };
  /** One message per key: enqueueing the same key again does nothing. */
  idempotencyKey: string;
  /** Lists the message in that organization's outbox. */
  organizationId?: string;
  replyTo?: string;
}

/** An outbox row as its columns, before it is stored. */
export interface ComposedMail {
  id: string;
  organization_id: string | null;
  idempotency_key: string;
  message_id: string;
  template: string;
  language: Language;
  recipient_name: string | null;
  recipient_address: string;
  reply_to: string | null;
  subject: string;
  text_body: string;
  html_body: string;
  calendar_method: CalendarMethod | null;
  calendar_ics: string | null;
}

/** A value known only when the message is stored, such as a waiting party's place: `{{position}}` is given `lateValue('position')`. */
export const lateValue = (name: string) => `%%${name}%%`;

/**
 * The transactional outbox. A message is rendered and stored in the caller's transaction,
 * beside the pg-boss job that delivers it, so the change and its email commit or roll back
 * together, and what is sent is what was decided then, whatever the data becomes later.
 */
@Injectable()
export class MailOutbox {
  private readonly messageIdHost: string;

  constructor(
    config: AppConfig,
    private readonly templates: MailTemplates,
    private readonly queue: MailQueue,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    const from = config.mailFrom.match(/<([^<>]+)>\s*$/)?.[1] ?? config.mailFrom;
    this.messageIdHost = from.slice(from.lastIndexOf('@') + 1);
  }

  /** Returns the outbox id; a savepoint keeps it atomic inside the caller's transaction, or opens one. */
  async enqueue(manager: EntityManager, message: OutgoingMail): Promise<string> {
    const row = this.compose(message);
    return manager.transaction(async (inner) => {
      if (!(await this.insert(inner, row))) {
        const existing = await inner.findOneByOrFail(OutboxMessage, { idempotencyKey: message.idempotencyKey });
        return existing.id;
      }
      await this.queue.send({ outboxId: row.id }, inner);
      return row.id;
    });
  }

  /**
   * Stores a message composed beforehand (a booking's, composed before the event's lock is taken)
   * and queues its delivery, in the caller's transaction. `late` fills the values only known once
   * the change is decided (a waiting party's place), written into the message as `lateValue(name)`.
   */
  async store(manager: EntityManager, mail: ComposedMail, late: Record<string, string | number | null> = {}): Promise<void> {
    const values = Object.entries(late).filter(([, value]) => value !== null);
    const fill = (text: string) => values.reduce((filled, [name, value]) => filled.replaceAll(lateValue(name), String(value)), text);
    await this.insert(manager, { ...mail, subject: fill(mail.subject), text_body: fill(mail.text_body), html_body: fill(mail.html_body) });
    await this.queue.send({ outboxId: mail.id }, manager);
  }

  /** False when a message with the same idempotency key is stored already. */
  private async insert(manager: EntityManager, row: ComposedMail): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO mail_outbox (id, organization_id, idempotency_key, message_id, template, language, recipient_name,
         recipient_address, reply_to, subject, text_body, html_body, calendar_method, calendar_ics, status, attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'pending', 0)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      [
        row.id,
        row.organization_id,
        row.idempotency_key,
        row.message_id,
        row.template,
        row.language,
        row.recipient_name,
        row.recipient_address,
        row.reply_to,
        row.subject,
        row.text_body,
        row.html_body,
        row.calendar_method,
        row.calendar_ics,
      ],
    );
    return inserted.length > 0;
  }

  /** The message rendered as its outbox row, for a caller that composes before it decides and then calls `store`. */
  compose(message: OutgoingMail): ComposedMail {
    const rendered = this.templates.render(message.template, message.language, message.data);
    const id = randomUUID();
    return {
      id,
      organization_id: message.organizationId ?? null,
      idempotency_key: message.idempotencyKey,
      message_id: `<${id}@${this.messageIdHost}>`,
      template: message.template,
      language: message.language,
      recipient_name: message.to.name ?? null,
      recipient_address: message.to.address,
      reply_to: message.replyTo ?? null,
      subject: rendered.subject,
      text_body: rendered.text,
      html_body: rendered.html,
      calendar_method: message.calendar?.method ?? null,
      calendar_ics: message.calendar?.ics ?? null,
    };
  }

  /** Whether a message with this idempotency key was ever queued (it is then never queued again). */
  async isQueued(manager: EntityManager, idempotencyKey: string): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM mail_outbox WHERE idempotency_key = $1', [idempotencyKey]);
    return rows.length > 0;
  }

  async list(organizationId: string, { status, limit, cursor }: OutboxQuery): Promise<Page<OutboxMessageView>> {
    const after = decodeTimeCursor(cursor);
    const query = this.dataSource
      .getRepository(OutboxMessage)
      .createQueryBuilder('message')
      .where('message.organization_id = :organizationId', { organizationId })
      .orderBy('message.created_at', 'DESC')
      .addOrderBy('message.id', 'DESC')
      .take(limit + 1);
    if (status) query.andWhere('message.status = :status', { status });
    if (after) query.andWhere('(message.created_at, message.id) < (:at, :id)', after);
    const rows = await query.getMany();
    return toPage(rows, limit, (row) => [row.createdAt.toISOString(), row.id], OutboxMessageView.of);
  }

  /** Sends a failed message again, with the same Message-ID, from a fresh round of retries. */
  retry(organizationId: string, id: string): Promise<OutboxMessageView> {
    return this.dataSource.transaction(async (manager) => {
      const message = await manager.findOne(OutboxMessage, {
        where: { id, organizationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!message) throw new NotFoundError('The message');
      if (message.status !== 'failed') throw new MessageNotFailedError();
      message.status = 'pending';
      await manager.save(message);
      await this.queue.send({ outboxId: id }, manager);
      return OutboxMessageView.of(message);
    });
  }
}
