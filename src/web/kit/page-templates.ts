import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { hbsFiles, templatesDir } from '../../common/template-files.js';
import { formatClockTime, formatEventTime, formatEventTimeRange, formatShortDay, toInstant } from '../../common/time.js';
import { PageMessages } from './page-messages.js';
import type { Language } from '../../common/languages.js';

/** What the layout needs beside the page's body. */
export interface LayoutData {
  title: string;
  stylesheet: string;
  /** The site's icon (favicon.svg), under its versioned URL. */
  icon: string;
  scripts: string[];
  /** Links to this page in the other languages, each labelled in its own language. */
  languages: { code: Language; label: string; href: string }[];
  /** A part of the site's navigation (see PageDecorator). */
  nav?: object;
  hall?: boolean;
}

/** The folders of templates/pages/ that hold no pages. */
const NOT_PAGES = new Set(['partials', 'i18n', 'assets']);

type Helper = Handlebars.HelperOptions;
const languageOf = (options: Helper): Language => options.data.language;

/**
 * Where a field's label may be in a catalog section: a nested field (`venue.name`, named by
 * its path as in the API) under its camel-cased path (`venueName`), then under its own name.
 */
export function labelKeys(name: string): string[] {
  const parts = name.split('.');
  const camel = parts.map((part, index) => (index === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1))).join('');
  return [...new Set([name, camel, parts.at(-1)!])];
}

/**
 * The pages under templates/pages/: `<name>.hbs` rendered into `layout.hbs`, with the partials
 * of partials/ and the texts of i18n/. Every value is HTML-escaped, texts included. The current
 * language and CSRF token are data variables (`@language`, `@csrfToken`), so every partial sees
 * them.
 */
export class PageTemplates {
  readonly messages: PageMessages;
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();
  private readonly layout: Handlebars.TemplateDelegate;

  constructor(root = templatesDir('pages')) {
    this.messages = new PageMessages(join(root, 'i18n'));
    const env = Handlebars.create();
    this.registerHelpers(env);
    for (const [name, source] of hbsFiles(join(root, 'partials'))) env.registerPartial(name, source);
    // Handlebars compiles on first use; parsing now makes a broken template stop the boot instead.
    const compile = (source: string) => (env.parse(source), env.compile(source, { preventIndent: true }));
    const files = hbsFiles(root);
    const layout = files.get('layout');
    if (layout === undefined) throw new Error('templates/pages/layout.hbs is missing.');
    this.layout = compile(layout);
    files.delete('layout');
    for (const [name, source] of files) this.pages.set(name, compile(source));
    // A folder of pages (one part of the site) names them `<folder>/<name>`.
    for (const folder of readdirSync(root, { withFileTypes: true })) {
      if (!folder.isDirectory() || NOT_PAGES.has(folder.name)) continue;
      for (const [name, source] of hbsFiles(join(root, folder.name))) this.pages.set(`${folder.name}/${name}`, compile(source));
    }
  }

  render(template: string, data: object, context: { language: Language; csrfToken: string }, layout: LayoutData): string {
    const page = this.pages.get(template);
    if (!page) throw new Error(`There is no page template "${template}".`);
    // `@nav` lets a part's pages show what depends on who is signed in.
    const options = { data: { ...context, nav: layout.nav } };
    return this.layout({ ...layout, body: page(data, options) }, options);
  }

  private registerHelpers(env: typeof Handlebars): void {
    /**
     * `{{t "event.seatsLeft" count=3}}`; several parts make one key: `{{t "roles" panelist.role}}`;
     * a text a controller chose comes as a key and an object of values: `{{t text.key text.values}}`.
     */
    env.registerHelper('t', (...args: unknown[]) => {
      const options = args.pop() as Helper;
      const last = args.at(-1);
      const values = args.length > 1 && (last === undefined || typeof last === 'object') ? (args.pop() as object | null) : undefined;
      return this.messages.translate(languageOf(options), args.join('.'), { ...values, ...options.hash });
    });
    /** A form error in the page's words: `fieldErrors.<rule>`, or a general text for a rule without one. */
    const errorKey = (language: Language, rule: string) =>
      this.messages.has(language, `fieldErrors.${rule}`) ? `fieldErrors.${rule}` : 'fieldErrors.invalid';
    env.registerHelper('fieldError', (rule: string, options: Helper) =>
      this.messages.translate(languageOf(options), errorKey(languageOf(options), rule), options.hash),
    );
    /**
     * The lines of an error summary: each field of `errors` with its label and what to do.
     * `labels` is a section of the texts whose keys are the field names (`"rsvp"`) or an object
     * name → label; a field without a label shows the message alone. `limits` (name → `{min, max,
     * minlength, maxlength}`, as given to field.hbs) lets a line say the field's own words ("Enter 4
     * or fewer."); a message that needs a limit not given says "check this value".
     */
    type Limits = Record<string, Record<string, unknown>> | undefined;
    env.registerHelper('errorSummary', (errors: Record<string, string> | undefined, labels: unknown, ...rest: unknown[]) => {
      const language = languageOf(rest.pop() as Helper);
      const limits = rest[0] as Limits;
      const labelOf = (name: string): string | undefined => {
        if (typeof labels !== 'string') return labels && typeof labels === 'object' ? (labels as Record<string, string>)[name] : undefined;
        const key = labelKeys(name)
          .map((candidate) => `${labels}.${candidate}`)
          .find((candidate) => this.messages.has(language, candidate));
        return key && this.messages.translate(language, key);
      };
      return Object.entries(errors ?? {}).map(([name, rule]) => {
        const key = errorKey(language, rule);
        const own = limits?.[name];
        const message = own
          ? this.messages.translate(language, key, own)
          : this.messages.translate(language, this.messages.hasSlots(language, key) ? 'fieldErrors.invalid' : key);
        return { name, label: labelOf(name), message };
      });
    });
    env.registerHelper('datetime', (value: Date | string, timeZone: string, options: Helper) =>
      formatEventTime(toInstant(value, 'datetime'), timeZone, languageOf(options)),
    );
    env.registerHelper('clock', (value: Date | string, timeZone: string, options: Helper) =>
      formatClockTime(toInstant(value, 'clock'), timeZone, languageOf(options)),
    );
    env.registerHelper('shortDay', (value: Date | string, timeZone: string, options: Helper) =>
      formatShortDay(toInstant(value, 'shortDay'), timeZone, languageOf(options)),
    );
    env.registerHelper('timeRange', (start: Date | string, end: Date | string, timeZone: string, options: Helper) =>
      formatEventTimeRange(toInstant(start, 'timeRange'), toInstant(end, 'timeRange'), timeZone, languageOf(options)),
    );
    /** A language code's name in the page's language: "Spanish", "inglés". */
    const languageNames = new Map<string, Intl.DisplayNames>();
    env.registerHelper('languageName', (code: string, options: Helper) => {
      const language = languageOf(options);
      let names = languageNames.get(language);
      if (!names) languageNames.set(language, (names = new Intl.DisplayNames([language], { type: 'language' })));
      return names.of(code) ?? code;
    });
    /** How full something is, 0 to 100, for a bar's width: `{{percent seats.taken seats.capacity}}`. */
    env.registerHelper('percent', (part: number, whole: number) => (whole > 0 ? Math.min(100, Math.round((100 * part) / whole)) : 0));
    /** Whether a form value (one posted value or several) holds `value`: ticked checkboxes. */
    env.registerHelper(
      'includes',
      (list: unknown, value: unknown) => list !== undefined && list !== null && ([list].flat() as unknown[]).includes(value),
    );
    /** A posted value as a list, one item or several: `{{#each (list value)}}`. */
    env.registerHelper('list', (value: unknown) => (value === undefined || value === null ? [] : [value].flat()));
    env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    env.registerHelper('not', (value: unknown) => !value);
    env.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
    env.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).find(Boolean) ?? args.at(-2));
  }
}
