import type { EventPublicView } from '../../events/dto/event.views.js';
import type { PageView } from '../kit/page-view.js';

/** The public forum page of an event, which the console previews; the public pages supply it (see WebModule). */
export type EventPreview = (event: EventPublicView, now: Date) => PageView;

export const EVENT_PREVIEW = Symbol('EVENT_PREVIEW');
