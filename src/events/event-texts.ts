/** An event's optional Spanish texts, as the views and emails carry them. */
export interface SpanishTexts {
  title?: string | null;
  summary?: string | null;
  description?: string | null;
}

interface Texts {
  title: string;
  summary?: string | null;
  description?: string | null;
  es?: SpanishTexts | null;
}

/**
 * The event as a reader of `language` sees it: for Spanish, each of its title, summary and
 * description in Spanish where the organizer wrote one, else in English; otherwise unchanged.
 */
export function inReaderLanguage<T extends Texts>(event: T, language: string): T {
  const es = event.es;
  if (language !== 'es' || !es) return event;
  return {
    ...event,
    title: es.title ?? event.title,
    ...('summary' in event ? { summary: es.summary ?? event.summary } : {}),
    ...('description' in event ? { description: es.description ?? event.description } : {}),
  };
}
