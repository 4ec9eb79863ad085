import { ConflictError, InvalidInputError } from '../../common/domain-errors.js';
import { CreateEventDto, EVENT_LANGUAGES } from '../../events/dto/event.dto.js';
import type { EventView } from '../../events/dto/event.views.js';
import { parseForm, type FormErrors } from '../form-errors.js';
import { PageView } from '../page-view.js';
import { eventFieldsOf, timeZoneGroups, type EventFormValues } from './event-form.js';

export interface EditorForm {
  values: EventFormValues;
  errors?: FormErrors;
}

/** The posted editor form as the API's DTO, with the editor's own checks (local times) first. */
export async function parseEventForm(body: EventFormValues) {
  const { fields, errors: local } = eventFieldsOf(body);
  const { value, errors } = await parseForm(CreateEventDto, fields);
  const all = { ...errors, ...local };
  return { value, errors: Object.keys(all).length ? all : undefined };
}

/** Refusals of the rules that belong to one field of the editor; undefined for any other failure. */
export function editorErrorsOf(error: unknown): FormErrors | undefined {
  if (error instanceof InvalidInputError && error.details?.some((detail) => detail.field === 'endsAt')) return { endsAt: 'endsBeforeStart' };
  if (error instanceof ConflictError && /capacity/i.test(error.message)) return { capacity: 'belowTaken' };
  return undefined;
}

/** The forum editor for a new forum (no `event`) or an existing one. */
export function editorPage(event: EventView | undefined, form: EditorForm, status?: number): PageView {
  return new PageView(
    'console/event-editor',
    { event, form, zones: timeZoneGroups(form.values.timezone), languages: EVENT_LANGUAGES },
    { titleKey: event ? 'console.editor.editTitle' : 'console.editor.newTitle', status },
  );
}
