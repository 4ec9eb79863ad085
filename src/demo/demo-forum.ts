import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { EventsService } from '../events/events.service.js';
import type { CreatePanelistDto } from '../panelists/dto/panelist.dto.js';
import { PanelistsService } from '../panelists/panelists.service.js';

const TIME_ZONE = 'America/New_York';

/** Fictional people with real-sounding roles, modelled on the September 2025 panel in Binghamton. */
const PANEL: CreatePanelistDto[] = [
  {
    name: 'Marisol Ortega-Reyes',
    email: 'marisol.ortega@panel.localhost',
    affiliation: 'Ortega-Reyes Immigration Law, Binghamton',
    bio: 'Immigration attorney who has represented Southern Tier families in removal proceedings for fifteen years.',
    role: 'panelist',
    language: 'es',
  },
  {
    name: 'Thomas Adeyemi',
    email: 'thomas.adeyemi@panel.localhost',
    affiliation: 'Broome Civic Association for New Americans',
    bio: 'Executive director of a civic association that helps immigrants with legal referrals, English classes and housing.',
    role: 'panelist',
    language: 'en',
  },
  {
    name: 'Grace Kowalczyk',
    email: 'grace.kowalczyk@panel.localhost',
    affiliation: 'Jail Visitation Volunteers of the Southern Tier',
    bio: 'Coordinates volunteers who visit people held at the county jail and keep families informed.',
    role: 'panelist',
    language: 'en',
  },
  {
    name: 'Rev. Daniel Whitcomb',
    email: 'daniel.whitcomb@panel.localhost',
    affiliation: 'Host congregation',
    bio: 'Pastor of the host congregation; moderates the evening and reads the questions.',
    role: 'moderator',
    language: 'en',
  },
];

/** The published demo forum, three weeks from today at 6:30 pm in Binghamton. */
@Injectable()
export class DemoForum {
  constructor(
    private readonly events: EventsService,
    private readonly panelists: PanelistsService,
  ) {}

  async seed(manager: EntityManager, organizationId: string): Promise<void> {
    const startsAt = DateTime.now().setZone(TIME_ZONE).plus({ weeks: 3 }).set({ hour: 18, minute: 30, second: 0, millisecond: 0 });
    const event = await this.events.createIn(manager, organizationId, {
      title: 'Community forum: immigration enforcement in Broome County',
      summary: 'Know your rights, where to find help, and your questions answered by a panel of local experts.',
      description:
        'After the recent arrests in Johnson City, neighbors asked for a public evening with people who can answer ' +
        'questions: an immigration attorney, a civic association that serves immigrants and the volunteers who visit ' +
        'the county jail. Everyone is welcome; bring your family. Questions may be asked anonymously.',
      startsAt: startsAt.toISO()!,
      endsAt: startsAt.plus({ hours: 2 }).toISO()!,
      timezone: TIME_ZONE,
      venue: {
        name: 'Riverside Community Church',
        address: '42 Riverside Drive, Binghamton, NY 13905',
        room: 'Fellowship hall (lower level)',
        accessibilityNotes: 'Step-free entrance and elevator from the Riverside Drive parking lot; accessible restrooms.',
      },
      capacity: 150,
      // Some of the neighbors this evening is for will not leave an address anywhere.
      rsvpContact: 'email-optional',
      noEmailSeatCap: 100,
      languages: ['en', 'es'],
      interpretation: 'Spanish interpretation throughout; headsets at the door.',
      questions: { enabled: true, moderation: 'pre', allowAnonymous: true },
    });
    const published = await this.events.publishIn(manager, organizationId, event.id);
    for (const panelist of PANEL) await this.panelists.invite(manager, published, panelist);
  }
}
