import { ConflictError, InvalidInputError } from '../../common/domain-errors.js';
import { CreateEventDto, EVENT_LANGUAGES } from '../../events/dto/event.dto.js';
import type { EventView } from '../../events/dto/event.views.js';
import { RSVP_CONTACTS } from '../../events/event.entity.js';
import { parseForm, type FormErrors } from '../form-errors.js';
import { PageView } from '../page-view.js';
import { eventFieldsOf, timeZoneGroups, type EventFormValues } from './event-form.js';

export interface EditorForm {
  values: EventFormValues;
  errors?: FormErrors;
}

/** The posted editor form checked as the API's DTO. */
export function parseEventForm(body: EventFormValues) {
  return parseForm(CreateEventDto, eventFieldsOf(body));
}

/** What the rules said of a time, as a rule the editor's texts name. */
function timeRule(message: string): string {
  if (/after/.test(message)) return 'endsBeforeStart';
  return /skip/.test(message) ? 'skippedTime' : 'isInstant';
}

/** Refusals of the rules that belong to one field of the editor; undefined for any other failure. */
export function editorErrorsOf(error: unknown): FormErrors | undefined {
  if (error instanceof InvalidInputError) {
    const times = (error.details ?? []).filter((detail) => detail.field === 'startsAt' || detail.field === 'endsAt');
    if (times.length) return Object.fromEntries(times.map((detail) => [detail.field, timeRule(detail.message)]));
  }
  if (error instanceof ConflictError && error.details?.some((detail) => detail.field === 'slug')) return { slug: 'slugTaken' };
  if (error instanceof ConflictError && /capacity/i.test(error.message)) return { capacity: 'belowTaken' };
  return undefined;
}

/** The forum editor for a new forum (no `event`) or an existing one. */
export function editorPage(event: EventView | undefined, form: EditorForm, status?: number): PageView {
  return new PageView(
    'console/event-editor',
    { event, form, zones: timeZoneGroups(form.values.timezone), languages: EVENT_LANGUAGES, rsvpContacts: RSVP_CONTACTS },
    { titleKey: event ? 'console.editor.editTitle' : 'console.editor.newTitle', status },
  );
}
