/**
 * The layering of src/ (docs/architecture.md draws it). `npm test` checks it through `npm run lint`,
 * with no list of waived violations.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'Two parts that need each other: a third owns what they share, or one tells the other through an observer.',
      severity: 'error',
      from: { path: '^(src|migrations)/' },
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment:
        'Two folders that need each other, even through different files: a third owns what they share, or one reports into the other (metrics), or tells it through an observer (events/event-changes.ts).',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/[^/]+$' },
      to: { circular: true },
    },
    {
      name: 'config-knows-nothing',
      comment: 'config/ is the bottom: it reads the environment and imports nothing else from src/.',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: '^src/', pathNot: '^src/config/' },
    },
    {
      name: 'common-knows-no-feature',
      comment: 'common/ serves every feature, so it imports only common/ and config/.',
      severity: 'error',
      from: { path: '^src/common/' },
      to: { path: '^src/', pathNot: '^src/(common|config)/' },
    },
    {
      name: 'http-knows-no-feature',
      comment:
        'http/ is the HTTP plumbing every controller shares (error filter, validation pipe, OpenAPI, body parsing, path checks, request logging): it imports only common/ and config/.',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: '^src/', pathNot: '^src/(common|config|http)/' },
    },
    {
      name: 'database-knows-no-feature',
      comment:
        'database/ is infrastructure: it imports only common/ and config/; each feature registers its own entities (TypeOrmModule.forFeature).',
      severity: 'error',
      from: { path: '^src/database/' },
      to: { path: '^src/', pathNot: '^src/(common|config|database)/' },
    },
    {
      name: 'notifications-is-a-leaf',
      comment: 'notifications/ delivers mail; each feature composes its own letters.',
      severity: 'error',
      from: { path: '^src/notifications/' },
      to: { path: '^src/', pathNot: '^src/(notifications|common|config|database)/' },
    },
    {
      name: 'events-knows-neither-rsvps-nor-questions',
      comment: 'Events tells others of a change through events/event-changes.ts; counts live with the feature that owns the rows.',
      severity: 'error',
      from: { path: '^src/events/' },
      to: { path: '^src/(rsvps|questions)/' },
    },
    {
      name: 'rsvps-knows-no-questions',
      comment: 'Questions build on RSVPs (who may ask), never the reverse: erasure reaches questions through a hook.',
      severity: 'error',
      from: { path: '^src/rsvps/' },
      to: { path: '^src/questions/' },
    },
    {
      name: 'nothing-imports-web',
      comment: 'Pages sit on top: they call the features, and only the app wires them in.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/web/', '^src/app\\.(module|setup)\\.ts$'] },
      to: { path: '^src/web/' },
    },
    {
      name: 'page-kit-knows-no-page',
      comment:
        'web/kit/ renders pages for every part of the site: it imports neither the public pages nor the console; a part adds its navigation through PageRenderer.decorate.',
      severity: 'error',
      from: { path: '^src/web/kit/' },
      to: { path: '^src/web/(public|console|web\\.module)' },
    },
    {
      name: 'public-pages-know-no-console',
      comment: 'The public pages and the console share only the kit; web.module.ts wires what one lends the other.',
      severity: 'error',
      from: { path: '^src/web/public/' },
      to: { path: '^src/web/(console/|web\\.module)' },
    },
    {
      name: 'console-knows-no-public-pages',
      comment: 'The console previews the public forum page through a provider web.module.ts gives it, not by importing it.',
      severity: 'error',
      from: { path: '^src/web/console/' },
      to: { path: '^src/web/(public/|web\\.module)' },
    },
    {
      name: 'nothing-imports-the-app',
      comment: 'app.module/app.setup/main compose everything; nothing in a part reaches back up to them.',
      severity: 'error',
      from: { path: '^src/[^/]+/' },
      to: { path: '^src/(app\\.module|app\\.setup|main)\\.ts$' },
    },
    {
      name: 'migrations-stand-alone',
      comment: 'A migration is frozen SQL: it imports nothing from src/, so later code changes cannot change it.',
      severity: 'error',
      from: { path: '^migrations/' },
      to: { path: '^src/' },
    },
    {
      name: 'src-imports-only-the-migration-list',
      comment: 'Migrations are frozen history, not a library: only database/ reads their list (migrations/index.ts) to run them.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^migrations/', pathNot: '^migrations/index\\.ts$' },
    },
    {
      name: 'only-database-runs-migrations',
      comment: 'The runner in database/ is the one place that imports the list of migrations.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/database/' },
      to: { path: '^migrations/index\\.ts$' },
    },
    {
      name: 'src-imports-no-tests',
      comment: 'Production code never imports the test or bench harness.',
      severity: 'error',
      from: { path: '^(src|migrations)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(test|bench)/' },
    },
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
