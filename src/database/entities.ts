import { OutboxMessage } from '../notifications/outbox-message.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { Organizer } from '../organizations/organizer.entity.js';

export const entities = [Organization, Organizer, OutboxMessage];
