import { Event } from '../events/event.entity.js';
import { Message } from '../messages/message.entity.js';
import { OutboxMessage } from '../notifications/outbox-message.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { Organizer } from '../organizations/organizer.entity.js';
import { Panelist } from '../panelists/panelist.entity.js';
import { Participant } from '../questions/participant.entity.js';
import { Question } from '../questions/question.entity.js';
import { Rsvp } from '../rsvps/rsvp.entity.js';

export const entities = [Organization, Organizer, Event, Panelist, OutboxMessage, Question, Participant, Rsvp, Message];
