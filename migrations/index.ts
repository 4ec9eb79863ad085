import { Foundation1763900000000 } from './1763900000000-Foundation.js';
import { EventsAndPanelists1763900001000 } from './1763900001000-EventsAndPanelists.js';
import { PanelistOrder1763900001500 } from './1763900001500-PanelistOrder.js';
import { MailOutbox1763900002000 } from './1763900002000-MailOutbox.js';
import { Rsvps1763900003000 } from './1763900003000-Rsvps.js';
import { Questions1763900004000 } from './1763900004000-Questions.js';
import { ConsoleSessions1764100000000 } from './1764100000000-ConsoleSessions.js';
import { ThrottleCounts1764300000000 } from './1764300000000-ThrottleCounts.js';
import { OrganizationTimezone1764700000000 } from './1764700000000-OrganizationTimezone.js';
import { WalkIns1764700001000 } from './1764700001000-WalkIns.js';
import { EventMessages1764800000000 } from './1764800000000-EventMessages.js';
import { RsvpWithoutEmail1764900000000 } from './1764900000000-RsvpWithoutEmail.js';
import { EmailConfirmation1764910000000 } from './1764910000000-EmailConfirmation.js';
import { EventSlugHistory1764920000000 } from './1764920000000-EventSlugHistory.js';
import { EventSpanishTexts1764920001000 } from './1764920001000-EventSpanishTexts.js';
import { AccessibilityNeedsErased1764930000000 } from './1764930000000-AccessibilityNeedsErased.js';
import { PublicReadSignals1764940000000 } from './1764940000000-PublicReadSignals.js';
import { BookingFunction1764940001000 } from './1764940001000-BookingFunction.js';
import { EventVersion1765230000000 } from './1765230000000-EventVersion.js';
import { MessageShownPublicly1765230001000 } from './1765230001000-MessageShownPublicly.js';
import { DraftsClaimNoAddress1765230002000 } from './1765230002000-DraftsClaimNoAddress.js';
import { DoorScans1765250000000 } from './1765250000000-DoorScans.js';
import { LivingSql1765260000000 } from './1765260000000-LivingSql.js';

/** Every migration in order; listed explicitly so ESM builds and tests load the same set. */
export const migrations = [
  Foundation1763900000000,
  EventsAndPanelists1763900001000,
  PanelistOrder1763900001500,
  MailOutbox1763900002000,
  Rsvps1763900003000,
  Questions1763900004000,
  ConsoleSessions1764100000000,
  ThrottleCounts1764300000000,
  OrganizationTimezone1764700000000,
  WalkIns1764700001000,
  EventMessages1764800000000,
  RsvpWithoutEmail1764900000000,
  EmailConfirmation1764910000000,
  EventSlugHistory1764920000000,
  EventSpanishTexts1764920001000,
  AccessibilityNeedsErased1764930000000,
  PublicReadSignals1764940000000,
  BookingFunction1764940001000,
  EventVersion1765230000000,
  MessageShownPublicly1765230001000,
  DraftsClaimNoAddress1765230002000,
  DoorScans1765250000000,
  LivingSql1765260000000,
];
