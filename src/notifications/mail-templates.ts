import { join } from 'node:path';
import Handlebars from 'handlebars';
import { hbsFiles, templatesDir } from '../common/template-files.js';
import { formatEventTime, formatEventTimeRange, toInstant } from '../common/time.js';
import { LANGUAGES, type Language } from '../common/languages.js';


export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

type Template = Handlebars.TemplateDelegate;

interface Compiled {
  subject: Template;
  html: Template;
  text: Template;
}

/** Dates are shown in the event's own zone and the reader's language, e.g. "Thursday, September 11, 2025 at 6:30 PM EDT". */
function datetime(value: Date | string, timeZone: string, options: Handlebars.HelperOptions): string {
  return formatEventTime(toInstant(value, 'datetime'), timeZone, options.data.language);
}

/** A start and end, the day said once when they share it: "Thursday, September 11, 2025, 6:30 – 8:30 PM EDT". */
function daterange(start: Date | string, end: Date | string, timeZone: string, options: Handlebars.HelperOptions): string {
  return formatEventTimeRange(toInstant(start, 'daterange'), toInstant(end, 'daterange'), timeZone, options.data.language);
}

/**
 * Email templates under templates/email/: `<language>/<name>.{subject,html,text}.hbs` wrapped
 * in the shared `layout.{html,text}.hbs`, with shared partials and per-language ones (footer).
 * HTML escapes every value; subject and text are plain text, so they do not. All templates are
 * compiled at start-up, so a broken one stops the boot instead of a delivery.
 */
export class MailTemplates {
  private readonly templates = new Map<string, Compiled>();
  private readonly layouts: Record<Language, { html: Template; text: Template }>;

  constructor(root = templatesDir('email')) {
    const shared = hbsFiles(join(root, 'partials'));
    const layoutFiles = hbsFiles(root);
    const compile = (env: typeof Handlebars, source: string | undefined, plain: boolean, name: string) => {
      if (source === undefined) throw new Error(`The email template ${name} is missing.`);
      return env.compile(source, { noEscape: plain, strict: true, preventIndent: true });
    };
    const layouts = {} as Record<Language, { html: Template; text: Template }>;
    for (const language of LANGUAGES) {
      const env = Handlebars.create();
      env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
      env.registerHelper('datetime', datetime);
      env.registerHelper('daterange', daterange);
      for (const [name, source] of [...shared, ...hbsFiles(join(root, language, 'partials'))]) env.registerPartial(name, source);
      layouts[language] = {
        html: compile(env, layoutFiles.get('layout.html'), false, 'layout.html'),
        text: compile(env, layoutFiles.get('layout.text'), true, 'layout.text'),
      };
      const files = hbsFiles(join(root, language));
      for (const name of new Set([...files.keys()].map((file) => file.split('.')[0]!))) {
        const path = `${language}/${name}`;
        this.templates.set(path, {
          subject: compile(env, files.get(`${name}.subject`), true, `${path}.subject`),
          html: compile(env, files.get(`${name}.html`), false, `${path}.html`),
          text: compile(env, files.get(`${name}.text`), true, `${path}.text`),
        });
      }
    }
    this.layouts = layouts;
  }

  has(template: string, language: Language): boolean {
    return this.templates.has(`${language}/${template}`);
  }

  render(template: string, language: Language, data: object): RenderedMail {
    const compiled = this.templates.get(`${language}/${template}`);
    if (!compiled) throw new Error(`There is no email template "${template}" in "${language}".`);
    const options = { data: { language } };
    // A subject is one header line whatever the data holds.
    const subject = compiled.subject(data, options).replace(/\s+/g, ' ').trim();
    const context = { ...data, language, subject };
    return {
      subject,
      html: this.layouts[language].html({ ...context, body: compiled.html(data, options) }, options),
      text: `${this.layouts[language].text({ ...context, body: compiled.text(data, options).trim() }, options).trim()}\n`,
    };
  }
}
