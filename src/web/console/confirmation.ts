import { PageView } from '../kit/page-view.js';
import type { Audience } from './audiences.js';

/** A text of the page: its key in templates/pages/i18n and the values it names. */
export interface PageText {
  key: string;
  values?: Record<string, unknown>;
}

/** What the one confirmation page (templates/pages/console/confirm.hbs) asks before an act. */
export interface Confirmation {
  /** The forum section its navigation highlights; none for a page outside a forum. */
  section?: string;
  title: PageText;
  lines?: PageText[];
  /** Who will be emailed, in numbers; absent for an act that emails nobody. */
  audience?: Audience;
  /** A problem to fix first, with the way to fix it. */
  alert?: PageText & { link: { href: string; label: PageText } };
  /** Why the act cannot be taken yet: then no form, only the way back. */
  refusal?: { text: PageText; back: PageText };
  /** The form posts back to the page's own address. */
  submit: PageText;
  /** An act that cannot be undone: a red button. */
  danger?: boolean;
  back: { href: string; label?: PageText };
}

/** The "keep it" link of most confirmations. */
const KEEP: PageText = { key: 'console.confirm.keep' };

/** The confirmation page; `event` for a forum's page (its navigation). */
export function confirmationPage(
  { audience, ...confirm }: Confirmation,
  options: { event?: object; title: string; status?: number },
): PageView {
  const { event, ...page } = options;
  const back = { ...confirm.back, label: confirm.back.label ?? KEEP };
  return new PageView('console/confirm', { event, audience, confirm: { ...confirm, back } }, page);
}
