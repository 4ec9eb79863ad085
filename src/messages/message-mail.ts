import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import type { Event } from '../events/event.entity.js';
import { letterFacts } from '../events/event-facts.js';
import { MailOutbox } from '../notifications/mail-outbox.js';
import type { Organization } from '../accounts/organization.entity.js';
import type { Panelist } from '../events/panelist.entity.js';
import type { Rsvp } from '../rsvps/rsvp.entity.js';
import { RsvpsRepository } from '../rsvps/rsvps.repository.js';
import type { Message } from './message.entity.js';
import type { Language } from '../common/languages.js';

/** A reader of Spanish gets the Spanish text where one was written, everyone else the English. */
export function letterLanguage(reader: Language, hasSpanish: boolean): Language {
  return reader === 'es' && hasSpanish ? 'es' : 'en';
}

/** Blank lines part paragraphs, single line breaks stay within one. */
export function paragraphsOf(text: string): string[][] {
  return text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n[ \t]*\n+/)
    .map((paragraph) => paragraph.split('\n').map((line) => line.trim()))
    .filter((lines) => lines.some((line) => line !== ''));
}

export interface Letterhead {
  message: Message;
  event: Event;
  organization: Organization;
}

/**
 * An organizer's message as each recipient gets it, queued in the sending transaction under a
 * key per message and recipient, so it goes out once. Keys start with the recipient's own
 * prefix, so erasing an attendee's data also removes the record of what they were sent.
 */
@Injectable()
export class MessageMail {
  constructor(
    private readonly config: AppConfig,
    private readonly outbox: MailOutbox,
    private readonly rsvps: RsvpsRepository,
  ) {}

  /** With a fresh manage link: the attendee may want to cancel after reading it. Returns the outbox id. */
  async toAttendee(manager: EntityManager, letterhead: Letterhead, rsvp: Rsvp): Promise<string> {
    if (!rsvp.email) throw new Error('An erased attendee is never a recipient.');
    const manageUrl = `${this.config.appUrl}/rsvp/${await this.rsvps.issueToken(manager, rsvp.id)}`;
    const to = { name: rsvp.name, address: rsvp.email, language: rsvp.language };
    return this.send(manager, letterhead, to, `rsvp:${rsvp.id}`, manageUrl);
  }

  toPanelist(manager: EntityManager, letterhead: Letterhead, panelist: Panelist): Promise<string> {
    const to = { name: panelist.name, address: panelist.email, language: panelist.language };
    return this.send(manager, letterhead, to, `panelist:${panelist.id}`, null);
  }

  private send(
    manager: EntityManager,
    { message, event, organization }: Letterhead,
    to: { name: string | null; address: string; language: Language },
    recipientKey: string,
    manageUrl: string | null,
  ): Promise<string> {
    const language = letterLanguage(to.language, message.subjectEs !== null);
    const [subject, body] = language === 'es' ? [message.subjectEs!, message.bodyEs!] : [message.subjectEn, message.bodyEn];
    return this.outbox.enqueue(manager, {
      to: { name: to.name, address: to.address },
      language,
      template: 'organizer-message',
      data: {
        name: to.name ?? '',
        message: { subject, text: body, paragraphs: paragraphsOf(body) },
        event: letterFacts(event, organization, this.config.appUrl, language),
        contactEmail: organization.contactEmail,
        manageUrl,
      },
      idempotencyKey: `${recipientKey}:message:${message.id}`,
      organizationId: event.organizationId,
      ...(organization.contactEmail ? { replyTo: organization.contactEmail } : {}),
    });
  }
}
