import { join } from 'node:path';
import Handlebars from 'handlebars';
import { LANGUAGES, type Language } from '../common/languages.js';
import { hbsFiles, templatesDir } from '../common/template-files.js';
import { formatEventTime, formatEventTimeRange, toInstant } from '../common/time.js';
import { MailTexts } from './mail-texts.js';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

type Template = Handlebars.TemplateDelegate;
type Format = 'html' | 'text';
type Helper = Handlebars.HelperOptions;
const FORMATS: Format[] = ['html', 'text'];

/** One source, both parts of the email: `@html` tells a template, partial or text which it is writing. */
type Compiled = Record<Format, Template>;

const isHtml = (options: Helper): boolean => options.data.html === true;
const escape = (value: unknown) => Handlebars.escapeExpression(String(value));
/** In HTML, markup around an escaped value; in plain text, the value alone. */
const markup = (wrap: (escaped: string) => string) => (value: unknown, options: Helper) =>
  isHtml(options) ? new Handlebars.SafeString(wrap(escape(value))) : String(value);

/**
 * The emails under templates/email/: one language-free `<name>.hbs` per message, written once
 * for both the HTML and the plain-text part (`{{#if @html}}` where they differ), inside
 * `layout.{html,text}.hbs`, with the partials of partials/. Its words are the texts of
 * i18n/<language>.json (`{{t "rsvp-confirmed.calendar"}}`), the subject `<name>.subject`. HTML
 * escapes every value, the plain text none. Everything is parsed at start-up, so a broken
 * template or catalog stops the boot instead of a delivery.
 */
export class MailTemplates {
  private readonly messages = new Map<string, Compiled>();
  private readonly layout: Compiled;
  private readonly texts = {} as Record<Language, Map<string, Compiled>>;

  constructor(root = templatesDir('email')) {
    const catalogs = new MailTexts(join(root, 'i18n'));
    const partials = hbsFiles(join(root, 'partials'));
    const compilers = Object.fromEntries(FORMATS.map((format) => [format, this.compiler(format, partials)])) as Record<
      Format,
      (source: string) => Template
    >;
    const compile = (source: string): Compiled => ({ html: compilers.html(source), text: compilers.text(source) });
    for (const language of LANGUAGES) {
      this.texts[language] = new Map([...catalogs.of(language)].map(([key, text]) => [key, compile(text)]));
    }
    const files = hbsFiles(root);
    const layout = (format: Format) => {
      const source = files.get(`layout.${format}`);
      if (source === undefined) throw new Error(`templates/email/layout.${format}.hbs is missing.`);
      files.delete(`layout.${format}`);
      return compilers[format](source);
    };
    this.layout = { html: layout('html'), text: layout('text') };
    for (const [name, source] of files) {
      if (!catalogs.of('en').has(`${name}.subject`)) throw new Error(`The email ${name} has no text "${name}.subject".`);
      this.messages.set(name, compile(source));
    }
  }

  render(template: string, language: Language, data: object): RenderedMail {
    const message = this.messages.get(template);
    if (!message) throw new Error(`There is no email template "${template}".`);
    const run = (format: Format, compiled: Compiled, context: object) =>
      compiled[format](context, { data: { language, html: format === 'html' } });
    // A subject is one header line whatever the data holds.
    const subject = run('text', this.text(language, `${template}.subject`), data)
      .replace(/\s+/g, ' ')
      .trim();
    const context = { ...data, language, subject };
    return {
      subject,
      html: run('html', this.layout, { ...context, body: run('html', message, data) }),
      text: `${run('text', this.layout, { ...context, body: run('text', message, data).trim() }).trim()}\n`,
    };
  }

  private text(language: Language, key: string): Compiled {
    const text = this.texts[language].get(key);
    if (!text) throw new Error(`There is no email text "${key}".`);
    return text;
  }

  private compiler(format: Format, partials: Map<string, string>): (source: string) => Template {
    const env = Handlebars.create();
    env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    /** Dates in the event's own zone and the reader's language: "Thursday, September 11, 2025 at 6:30 PM EDT". */
    env.registerHelper('datetime', (value: Date | string, timeZone: string, options: Helper) =>
      formatEventTime(toInstant(value, 'datetime'), timeZone, options.data.language),
    );
    /** A start and end, the day said once when they share it: "Thursday, September 11, 2025, 6:30 – 8:30 PM EDT". */
    env.registerHelper('daterange', (start: Date | string, end: Date | string, timeZone: string, options: Helper) =>
      formatEventTimeRange(toInstant(start, 'daterange'), toInstant(end, 'daterange'), timeZone, options.data.language),
    );
    /** `{{t "rsvp-confirmed.calendar"}}`, with the values in scope and any given: `{{t "hello" name=memberName}}`; parts join into one key. */
    const textOf = (language: Language, key: string) => this.text(language, key)[format];
    env.registerHelper('t', function (this: object, ...args: unknown[]) {
      const options = args.pop() as Helper;
      const text = textOf(options.data.language, args.join('.'))({ ...this, ...options.hash }, { data: options.data });
      return format === 'html' ? new Handlebars.SafeString(text) : text;
    });
    env.registerHelper(
      'strong',
      markup((value) => `<strong>${value}</strong>`),
    );
    env.registerHelper(
      'code',
      markup((value) => `<strong style="font-size:20px;letter-spacing:2px;">${value}</strong>`),
    );
    env.registerHelper(
      'mailto',
      markup((value) => `<a href="mailto:${value}" style="color:#1f5f8b;">${value}</a>`),
    );
    for (const [name, source] of partials) env.registerPartial(name, source);
    const options = { noEscape: format === 'text', strict: true, preventIndent: true };
    // Handlebars compiles on first use; parsing now makes a broken template stop the boot instead.
    return (source) => (env.parse(source), env.compile(source, options));
  }
}
