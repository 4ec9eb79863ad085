import { createHash } from 'node:crypto';
import { CreateEventDto, EVENT_LANGUAGES } from '../../events/dto/event.dto.js';
import type { EventView } from '../../events/dto/event.views.js';
import { RSVP_CONTACTS } from '../../events/event.entity.js';
import { fieldErrorsOf, parseForm, type FormErrors } from '../kit/form-errors.js';
import { PageView } from '../kit/page-view.js';
import { eventFieldsOf, eventFormValues, timeZoneGroups, type EventFormValues } from './event-form.js';

/** A field a colleague changed while the form was open: as loaded, as saved now, and what this user typed if they changed it too. */
export interface MeanwhileChange {
  field: string;
  label: string;
  was: string;
  now: string;
  yours?: string;
}

export interface EditorForm {
  values: EventFormValues;
  errors?: FormErrors;
  /** A colleague saved first: what they changed of these fields (none, if they only published, say). */
  stale?: { changes: MeanwhileChange[] };
}

const CHECKBOXES = new Set(['waitlistEnabled', 'questions.enabled', 'questions.allowAnonymous']);
/** Form fields whose label in `console.fields` is not their camel-cased path. */
const LABELS: Record<string, string> = {
  'es.title': 'titleEs',
  'es.summary': 'summaryEs',
  'es.description': 'descriptionEs',
  'venue.accessibilityNotes': 'accessibilityNotes',
  'questions.moderation': 'moderation',
  'questions.allowAnonymous': 'allowAnonymous',
};
const labelOf = (field: string) => LABELS[field] ?? field.replace(/\.(.)/g, (_, letter: string) => letter.toUpperCase());
/** Long texts are shown by their start; the digest compares them whole. */
const SHOWN_LENGTH = 120;

/** A form value as one text, whichever way it came (posted, or from the event): an unticked box is "false", lines end alike (browsers post CRLF). */
function formText(field: string, value: unknown): string {
  if (CHECKBOXES.has(field)) return String(value === true || value === 'true');
  if (value === undefined || value === null) return '';
  return Array.isArray(value) ? value.map(String).sort().join(', ') : String(value).replaceAll('\r\n', '\n').trim();
}
const digest = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 16);
const shown = (text: string) => (text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH)}…` : text);

/**
 * The editor's form for the event as stored, with its version and a mark of each field as
 * loaded (a digest, and its start to show), which the form posts back: a few kilobytes
 * however long the description, so a save that comes too late can tell what changed meanwhile.
 */
export function loadedForm(event: EventView): EditorForm {
  const values = eventFormValues(event);
  const marks = Object.entries(values).map(([field, value]) => {
    const text = formText(field, value);
    return [field, [digest(text), shown(text)]];
  });
  return { values: { ...values, version: event.version, loaded: JSON.stringify(Object.fromEntries(marks)) } };
}

function loadedMarks(posted: unknown): Record<string, unknown> {
  try {
    const marks: unknown = typeof posted === 'string' ? JSON.parse(posted) : undefined;
    return marks && typeof marks === 'object' ? (marks as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * The editor again when a colleague saved first, nothing saved: their changes field by field;
 * a field this user left as loaded takes the colleague's value, one they typed keeps theirs.
 * The form now carries the current version, so saving it again applies what it shows.
 */
export function staleEditorPage(current: EventView, posted: EventFormValues): PageView {
  const marks = loadedMarks(posted.loaded);
  const fresh = loadedForm(current);
  const values: EventFormValues = { ...posted, version: fresh.values.version, loaded: fresh.values.loaded };
  const changes: MeanwhileChange[] = [];
  for (const [field, value] of Object.entries(eventFormValues(current))) {
    const now = formText(field, value);
    // What the form posted back is the browser's to send: anything but a mark reads as "not known".
    const mark = marks[field];
    const [loadedDigest, was] = Array.isArray(mark) ? mark : [];
    if (loadedDigest === undefined || digest(now) === loadedDigest) continue;
    const typed = formText(field, posted[field]);
    const yours = digest(typed) !== loadedDigest;
    if (!yours) values[field] = value;
    changes.push({ field, label: labelOf(field), was: String(was ?? ''), now: shown(now), ...(yours ? { yours: shown(typed) } : {}) });
  }
  return editorPage(current, { values, stale: { changes } }, 409);
}

/** The posted editor form checked as the API's DTO. */
export function parseEventForm(body: EventFormValues) {
  return parseForm(CreateEventDto, eventFieldsOf(body));
}

/** Refusals of the rules that belong to one field of the editor; undefined for any other failure. */
export const editorErrorsOf = (error: unknown): FormErrors | undefined =>
  fieldErrorsOf(error, [
    'ends-before-start',
    'time-skipped',
    'invalid-date-time',
    'offset-not-of-zone',
    'slug-taken',
    'capacity-below-taken',
  ]);

/** The forum editor for a new forum (no `event`) or an existing one. */
export function editorPage(event: EventView | undefined, form: EditorForm, status?: number): PageView {
  return new PageView(
    'console/event-editor',
    { event, form, zones: timeZoneGroups(form.values.timezone), languages: EVENT_LANGUAGES, rsvpContacts: RSVP_CONTACTS },
    { titleKey: event ? 'console.editor.editTitle' : 'console.editor.newTitle', status },
  );
}
