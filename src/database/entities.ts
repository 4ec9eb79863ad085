import { Event } from '../events/event.entity.js';
import { OutboxMessage } from '../notifications/outbox-message.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { Organizer } from '../organizations/organizer.entity.js';
import { Panelist } from '../panelists/panelist.entity.js';

export const entities = [Organization, Organizer, Event, Panelist, OutboxMessage];
