import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { CurrentOrganizer, type AuthenticatedOrganizer, Roles, MANAGERS } from '../../accounts/auth.decorators.js';
import { isUuid } from '../../common/ids.js';
import { EventView } from '../../events/dto/event.views.js';
import type { Event } from '../../events/event.entity.js';
import { BODY_MAX_LENGTH, SendMessageDto, SUBJECT_MAX_LENGTH } from '../../messages/dto/message.dto.js';
import { MESSAGE_AUDIENCES, shownPublicly } from '../../messages/message-audiences.js';
import { paragraphsOf } from '../../messages/message-mail.js';
import { MessagesService } from '../../messages/messages.service.js';
import { codeOf, fieldErrorsOf, parseForm, type FormErrors } from '../kit/form-errors.js';
import { PageRedirect, PageView, type PageResult } from '../kit/page-view.js';
import { ConsolePages } from './console-pages.decorator.js';
import { OwnedEvent } from './owned-event.guard.js';

const LIST_LIMIT = 50;
const LIMITS = { subjectMax: SUBJECT_MAX_LENGTH, bodyMax: BODY_MAX_LENGTH };

/** The form's controls, named by the API's field paths; `draft` names the message so that posting it twice sends it once. */
type MessageForm = Record<'audience' | 'subject.en' | 'subject.es' | 'body.en' | 'body.es' | 'draft', unknown>;

function formValues(body: Record<string, unknown>): MessageForm {
  return {
    audience: body.audience,
    'subject.en': body['subject.en'],
    'subject.es': body['subject.es'],
    'body.en': body['body.en'],
    'body.es': body['body.es'],
    draft: isUuid(body.draft) ? body.draft : randomUUID(),
  };
}

async function parseMessageForm(values: MessageForm) {
  return parseForm(SendMessageDto, {
    audience: values.audience,
    subject: { en: values['subject.en'], es: values['subject.es'] },
    body: { en: values['body.en'], es: values['body.es'] },
  });
}

/** Write, preview with the exact count of recipients per language, then send: through the MessagesService, as the API. */
@ConsolePages({ forEvent: true })
@Roles(...MANAGERS)
@Controller('console/events/:id/messages')
export class ConsoleMessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  show(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @OwnedEvent() event: Event, @Query() query: Record<string, string>) {
    const values = formValues({ audience: 'confirmed' });
    return this.compose(organizer, event, { values }, { notice: 'sent' in query ? 'sent' : undefined, cursor: query.cursor });
  }

  /** Back from the preview, with what was written. */
  @Post('edit')
  edit(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @OwnedEvent() event: Event, @Body() body: Record<string, unknown>) {
    return this.compose(organizer, event, { values: formValues(body) });
  }

  @Post('preview')
  async preview(@CurrentOrganizer() organizer: AuthenticatedOrganizer, @OwnedEvent() event: Event, @Body() body: Record<string, unknown>) {
    const values = formValues(body);
    const { value, errors } = await parseMessageForm(values);
    if (errors) return this.compose(organizer, event, { values, errors }, { status: 400 });
    try {
      const counts = await this.messages.countRecipients(organizer.organizationId, event.id, value);
      const versions = [
        { heading: 'readsEn', subject: value.subject.en, paragraphs: paragraphsOf(value.body.en), language: 'en' },
        ...(value.subject.es && value.body.es
          ? [{ heading: 'readsEs', subject: value.subject.es, paragraphs: paragraphsOf(value.body.es), language: 'es' }]
          : []),
      ];
      return new PageView(
        'console/message-preview',
        { event: EventView.of(event), values, counts, versions, shownPublicly: shownPublicly(value.audience, event.rsvpContact) },
        { titleKey: 'console.messages.previewTitle' },
      );
    } catch (error) {
      // Half a translation: next to the field that is missing.
      const fieldErrors = fieldErrorsOf(error, ['translation-incomplete']);
      if (fieldErrors) return this.compose(organizer, event, { values, errors: fieldErrors }, { status: 400 });
      throw error;
    }
  }

  @Post()
  async send(
    @CurrentOrganizer() organizer: AuthenticatedOrganizer,
    @OwnedEvent() event: Event,
    @Body() body: Record<string, unknown>,
  ): Promise<PageResult> {
    const values = formValues(body);
    const { value, errors } = await parseMessageForm(values);
    if (errors) return this.compose(organizer, event, { values, errors }, { status: 400 });
    try {
      await this.messages.send(organizer, event.id, value, String(values.draft));
    } catch (error) {
      const fieldErrors = fieldErrorsOf(error, ['translation-incomplete']);
      if (fieldErrors) return this.compose(organizer, event, { values, errors: fieldErrors }, { status: 400 });
      // Everyone left the audience since the preview: the preview says so now.
      if (codeOf(error) === 'audience-empty') return this.preview(organizer, event, body);
      throw error;
    }
    return new PageRedirect(`/console/events/${event.id}/messages?sent`);
  }

  private async compose(
    organizer: AuthenticatedOrganizer,
    event: Event,
    form: { values: MessageForm; errors?: FormErrors },
    { notice, cursor, status }: { notice?: string | undefined; cursor?: string | undefined; status?: number } = {},
  ): Promise<PageView> {
    const sent = await this.messages.list(organizer.organizationId, event.id, { limit: LIST_LIMIT, cursor });
    return new PageView(
      'console/messages',
      { event: EventView.of(event), form, audiences: MESSAGE_AUDIENCES, limits: LIMITS, sent, notice },
      { titleKey: 'console.messages.title', status },
    );
  }
}
