/**
 * The layering of src/ (docs/architecture.md draws it). `npm test` checks it through `npm run lint`,
 * with no list of waived violations.
 */
/** A forbidden dependency: every rule here is an error, none is waived. */
const rule = (name, comment, from, to, extra = {}) => ({ name, comment, severity: 'error', from, to, ...extra });

module.exports = {
  forbidden: [
    rule(
      'no-cycles',
      'Two parts that need each other: a third owns what they share, or one tells the other through an observer.',
      { path: '^(src|migrations)/' },
      { circular: true },
    ),
    rule(
      'no-folder-cycles',
      'Two folders that need each other, even through different files: a third owns what they share, or one reports into the other (metrics), or tells it through an observer (events/event-changes.ts).',
      { path: '^src/[^/]+$' },
      { circular: true },
      { scope: 'folder' },
    ),
    rule(
      'config-knows-nothing',
      'config/ is the bottom: it reads the environment and imports nothing else from src/.',
      { path: '^src/config/' },
      { path: '^src/', pathNot: '^src/config/' },
    ),
    rule(
      'common-knows-no-feature',
      'common/ serves every feature, so it imports only common/ and config/.',
      { path: '^src/common/' },
      { path: '^src/', pathNot: '^src/(common|config)/' },
    ),
    rule(
      'http-knows-no-feature',
      'http/ is the HTTP plumbing every controller shares (error filter, validation pipe, OpenAPI, body parsing, path checks, request logging): it imports only common/ and config/.',
      { path: '^src/http/' },
      { path: '^src/', pathNot: '^src/(common|config|http)/' },
    ),
    rule(
      'database-knows-no-feature',
      'database/ is infrastructure: it imports only common/ and config/; each feature registers its own entities (TypeOrmModule.forFeature).',
      { path: '^src/database/' },
      { path: '^src/', pathNot: '^src/(common|config|database)/' },
    ),
    rule(
      'notifications-is-a-leaf',
      'notifications/ delivers mail; each feature composes its own letters.',
      { path: '^src/notifications/' },
      { path: '^src/', pathNot: '^src/(notifications|common|config|database)/' },
    ),
    rule(
      'events-knows-neither-rsvps-nor-questions',
      'Events tells others of a change through events/event-changes.ts; counts live with the feature that owns the rows.',
      { path: '^src/events/' },
      { path: '^src/(rsvps|questions)/' },
    ),
    rule(
      'rsvps-knows-no-questions',
      'Questions build on RSVPs (who may ask), never the reverse: erasure reaches questions through a hook.',
      { path: '^src/rsvps/' },
      { path: '^src/questions/' },
    ),
    rule(
      'nothing-imports-web',
      'Pages sit on top: they call the features, and only the app wires them in.',
      { path: '^src/', pathNot: ['^src/web/', '^src/app\\.(module|setup)\\.ts$'] },
      { path: '^src/web/' },
    ),
    rule(
      'page-kit-knows-no-page',
      'web/kit/ renders pages for every part of the site: it imports neither the public pages nor the console; a part adds its navigation through PageRenderer.decorate.',
      { path: '^src/web/kit/' },
      { path: '^src/web/(public|console|web\\.module)' },
    ),
    rule(
      'public-pages-know-no-console',
      'The public pages and the console share only the kit; web.module.ts wires what one lends the other.',
      { path: '^src/web/public/' },
      { path: '^src/web/(console/|web\\.module)' },
    ),
    rule(
      'console-knows-no-public-pages',
      'The console previews the public forum page through a provider web.module.ts gives it, not by importing it.',
      { path: '^src/web/console/' },
      { path: '^src/web/(public/|web\\.module)' },
    ),
    rule(
      'nothing-imports-the-app',
      'app.module/app.setup/main compose everything; nothing in a part reaches back up to them.',
      { path: '^src/[^/]+/' },
      { path: '^src/(app\\.module|app\\.setup|main)\\.ts$' },
    ),
    rule(
      'migrations-stand-alone',
      'A migration is frozen SQL: it imports nothing from src/, so later code changes cannot change it.',
      { path: '^migrations/' },
      { path: '^src/' },
    ),
    rule(
      'src-imports-only-the-migration-list',
      'Migrations are frozen history, not a library: only database/ reads their list (migrations/index.ts) to run them.',
      { path: '^src/' },
      { path: '^migrations/', pathNot: '^migrations/index\\.ts$' },
    ),
    rule(
      'only-database-runs-migrations',
      'The runner in database/ is the one place that imports the list of migrations.',
      { path: '^src/', pathNot: '^src/database/' },
      { path: '^migrations/index\\.ts$' },
    ),
    rule(
      'src-imports-no-tests',
      'Production code never imports the test or bench harness.',
      { path: '^(src|migrations)/', pathNot: '\\.spec\\.ts$' },
      { path: '^(test|bench)/' },
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|var|node_modules)/' },
    // Type-only imports count: an arrow is an arrow, even if the compiled JavaScript drops it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    cache: false,
  },
};
