import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config.js';
import type { CalendarMethod } from './outbox-message.entity.js';

export interface MailToSend {
  /** The outbox row's id; names the .eml file. */
  id: string;
  messageId: string;
  date: Date;
  to: { name: string | null; address: string };
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
  calendar: { method: CalendarMethod; ics: string } | null;
}

/** A failed delivery, described without addresses; `permanent` when the server refused for good (5xx). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** The .eml files the development mailbox may open: `<UTC timestamp>-<outbox id>.eml`. */
export const MAIL_FILE = /^\d{8}T\d{9}Z-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.eml$/;

const ADDRESS = /<?[^\s<>"'(),;:]+@[^\s<>"'(),;:]+>?/g;

/** SMTP replies quote addresses ("550 <ana@example.org>: unknown user"); errors are stored and logged without them. */
export function describeDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const { message = String(error), responseCode, code } = error as { message?: string; responseCode?: number; code?: string };
  const permanent = typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600;
  const prefix = responseCode ? `SMTP ${responseCode}` : (code ?? 'Error');
  const text = `${prefix}: ${message}`.replace(ADDRESS, '<address>').replace(/\s+/g, ' ').slice(0, 500);
  return new DeliveryError(text, permanent);
}

/**
 * Transport only: SMTP from SMTP_URL through a connection pool, or, without SMTP_URL, one .eml
 * file per message under var/mail/ (plus a small .json beside it for the development mailbox).
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly logger = new Logger(Mailer.name);
  private readonly transport: Transporter;
  readonly mailDir: string;

  constructor(private readonly config: AppConfig) {
    this.mailDir = join(config.varDir, 'mail');
    this.transport = config.smtpUrl
      ? createTransport({
          url: config.smtpUrl,
          pool: true,
          maxConnections: 5,
          // Well under the outbox job's expiry, so a stuck server fails the attempt instead of the job.
          connectionTimeout: 20_000,
          greetingTimeout: 20_000,
          socketTimeout: 60_000,
        })
      : createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  }

  get writesFiles(): boolean {
    return !this.config.smtpUrl;
  }

  async send(mail: MailToSend): Promise<void> {
    let info: { message?: unknown };
    try {
      info = await this.transport.sendMail({
        from: this.config.mailFrom,
        to: mail.to.name ? { name: mail.to.name, address: mail.to.address } : mail.to.address,
        replyTo: mail.replyTo ?? undefined,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        date: mail.date,
        icalEvent: mail.calendar ? { method: mail.calendar.method, content: mail.calendar.ics } : undefined,
      });
    } catch (error) {
      throw describeDeliveryError(error);
    }
    if (this.writesFiles) await this.writeFile(mail, info.message as Buffer);
  }

  /** Written under a temporary name and renamed, so the mailbox never shows half a message. */
  private async writeFile(mail: MailToSend, raw: Buffer): Promise<void> {
    await mkdir(this.mailDir, { recursive: true });
    const stamp = mail.date.toISOString().replace(/[-:.]/g, '');
    const name = `${stamp}-${mail.id}`;
    const summary = { subject: mail.subject, to: mail.to.address, date: mail.date.toISOString(), text: mail.text, html: mail.html };
    await writeFile(join(this.mailDir, `${name}.json.tmp`), JSON.stringify(summary));
    await rename(join(this.mailDir, `${name}.json.tmp`), join(this.mailDir, `${name}.json`));
    await writeFile(join(this.mailDir, `${name}.eml.tmp`), raw);
    await rename(join(this.mailDir, `${name}.eml.tmp`), join(this.mailDir, `${name}.eml`));
    this.logger.log(`Wrote a message to ${join(this.mailDir, `${name}.eml`)}`);
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
