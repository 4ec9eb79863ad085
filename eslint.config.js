import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The few host globals our plain scripts use (no `globals` package for a dozen names). */
const shared = ['console', 'URL', 'URLSearchParams', 'fetch', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'];
const browser = [
  'window',
  'document',
  'navigator',
  'location',
  'requestAnimationFrame',
  'Image',
  'FileReader',
  'DOMParser',
  'Event',
  'EventSource',
  'FormData',
  'btoa',
  'crypto',
  'indexedDB',
  'caches',
  'self',
];
const node = ['process', 'Buffer'];
const readonly = (names) => Object.fromEntries(names.map((name) => [name, 'readonly']));

/**
 * Every query of a transaction runs on its manager (docs/architecture.md): a query through the
 * pool waits for a second connection while the transaction holds one, and as many such requests
 * as the pool has connections wait for ever. Inside a `….transaction(…)` callback, or a function
 * that takes an EntityManager, this flags the pool (`this.dataSource`, an injected Repository)
 * and a call that leaves out an optional EntityManager argument. A call into a method that uses
 * the pool itself is caught by the tests instead (test/support/transaction-guard.ts).
 */
const transactionManagerOnly = {
  meta: {
    type: 'problem',
    schema: [],
    messages: {
      pool: 'This runs on the pool, outside the transaction: use the transaction’s manager.',
      omitted: 'Pass the transaction’s manager: without it this runs on the pool, outside the transaction.',
    },
  },
  create(context) {
    const services = context.sourceCode.parserServices;
    const checker = services.program.getTypeChecker();
    const names = (type) => (type.isUnion() ? type.types : [type]).map((part) => (part.aliasSymbol ?? part.getSymbol())?.getName());
    const isEntityManager = (type) => names(type).includes('EntityManager');
    const isTransactionCallback = (fn) =>
      fn.parent.type === 'CallExpression' &&
      fn.parent.arguments.includes(fn) &&
      fn.parent.callee.type === 'MemberExpression' &&
      fn.parent.callee.property.name === 'transaction';
    const takesManager = (fn) =>
      fn.params.some((param) => param.type === 'Identifier' && !param.optional && isEntityManager(services.getTypeAtLocation(param)));
    const scopes = [];
    const inTransaction = () => scopes.includes(true);
    return {
      ':function': (fn) => scopes.push(isTransactionCallback(fn) || takesManager(fn)),
      ':function:exit': () => scopes.pop(),
      'MemberExpression[object.type="ThisExpression"]'(node) {
        if (!inTransaction()) return;
        const [name] = names(services.getTypeAtLocation(node));
        if (name === 'DataSource' || name === 'Repository') context.report({ node, messageId: 'pool' });
      },
      CallExpression(node) {
        if (!inTransaction() || node.arguments.some((argument) => argument.type === 'SpreadElement')) return;
        const signature = checker.getResolvedSignature(services.esTreeNodeToTSNodeMap.get(node));
        const omitted = signature?.parameters
          .slice(node.arguments.length)
          .some((parameter) => isEntityManager(checker.getTypeOfSymbol(parameter)));
        if (omitted) context.report({ node, messageId: 'omitted' });
      },
    };
  },
};

export default tseslint.config(
  { ignores: ['dist/', 'var/', 'coverage/', 'test-artifacts/', 'bench/results/', 'node_modules/', 'test/openapi-client/'] },
  js.configs.recommended,
  { files: ['templates/pages/assets/**/*.js'], languageOptions: { globals: readonly([...shared, ...browser]) } },
  { files: ['*.js', 'scripts/**/*.mjs', 'test/**/*.mjs'], languageOptions: { globals: readonly([...shared, ...node]) } },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { townhall: { rules: { 'transaction-manager-only': transactionManagerOnly } } },
    rules: {
      'townhall/transaction-manager-only': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Fastify body parsers and worker-port listeners take async functions by design.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allow: [{ from: 'package', package: '@types/node', name: ['URLSearchParams'] }] },
      ],
      // Raw SQL rows (`manager.query`) are `any` by TypeORM's typing: 57 findings in 12 files of other features; off until they get row types.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Style only, 306 findings in 76 files: not worth the churn while every feature is being moved.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // `Items.map(View.of)` is the house idiom for response views, and their static `of` uses no `this` (9 findings).
      '@typescript-eslint/unbound-method': 'off',
      // Fakes and hooks implement async interfaces without awaiting anything (10 findings).
      '@typescript-eslint/require-await': 'off',
      // `String(value)` on unknown errors and page-text values is deliberate (2 findings).
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    // A rule's "now" comes from the injected Clock (docs/architecture.md), which tests move; a
    // place that needs the real wall clock says why in a per-line disable.
    files: ['src/**/*.ts'],
    ignores: ['src/common/clock.ts', 'src/**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Read the time from the injected Clock.',
        },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Read the time from the injected Clock.' },
      ],
    },
  },
  {
    // Tests and the bench read untyped JSON bodies and SQL rows on purpose (`ApiResponse<any>`, `sql<any>`).
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
