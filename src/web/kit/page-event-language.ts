import { inReaderLanguage } from '../../events/event-texts.js';

type Named = { title: string };
const isEvent = (value: unknown): value is Named =>
  typeof value === 'object' && value !== null && typeof (value as { title?: unknown }).title === 'string' && 'es' in value;

/**
 * A page's data with its event (`event`) and lists of events (`events`) in the reader's
 * language, and the page's own title with them when it is the event's title.
 */
export function pageInReaderLanguage(
  data: object,
  title: string | undefined,
  language: string,
): { data: object; title: string | undefined } {
  const { event, events } = data as { event?: unknown; events?: unknown };
  const shown: Record<string, unknown> = { ...data };
  if (isEvent(event)) shown.event = inReaderLanguage(event, language);
  if (Array.isArray(events)) shown.events = events.map((item: unknown) => (isEvent(item) ? inReaderLanguage(item, language) : item));
  const sameAsEvent = isEvent(event) && title === event.title;
  return { data: shown, title: sameAsEvent ? (shown.event as Named).title : title };
}
