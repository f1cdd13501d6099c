// One lint configuration for the whole workspace (flat config). Type-aware rules are left out to keep
// `npm run lint` fast on two cores; `npm run typecheck` covers types.
//
// The second half enforces the layers of docs/decisions/012-dependency-passing.md and the conventions
// ("thin routes over domain functions, storage in src/store/, calls to other services in src/clients/"):
//   routes  -> domain                      never the store, never a database driver
//   domain  -> stores, client types        never HTTP: no express, no transport, no routes
//   store   -> model, contracts, drivers   never the domain, routes, clients, jobs or express (not even a type)
//   model   -> contracts, zod, node:*      shared records of domain and store; nothing of the service's own
//   packages -> packages                   never a service, the gateway or the storefront
//   no import cycles between modules (import-x/no-cycle; type-only imports are not cycles at run time)
// Each layer has a rule id of its own (layers/route-imports, layers/domain-imports, layers/store-imports,
// layers/model-imports, layers/package-imports), so a message names the layer it protects and one
// layer's options never replace another's. tests/lint/layer-rules.test.ts shows each rule failing and passing.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** `import … from '<source>'` matched against the text of the import, not the resolved file. */
const restrictImports = tseslint.plugin.rules['no-restricted-imports'];
const layers = {
  meta: { name: 'shopfast-layers' },
  rules: {
    'route-imports': restrictImports,
    'domain-imports': restrictImports,
    'store-imports': restrictImports,
    'model-imports': restrictImports,
    'package-imports': restrictImports,
  },
};

/** A relative import whose first real folder is `name`: `../store/x`, `../../store`, `./store/x`. */
const relativeFolder = (...names) => `^(?:\\.\\.?/)+(?:${names.join('|')})(?:/|$)`;

/** Production code only: a test may wire a route to a real store or a fake client, which is its job. */
const testFiles = ['**/*.test.ts', '**/test-support.ts'];

const ROUTE_STORE =
  'Routes layer: a route validates input, calls one domain function (src/domain/) and maps the result. ' +
  'Storage is the domain\'s business: src/wire.ts gives the store to the domain object, and the route calls the domain object.';
const DOMAIN_HTTP =
  'Domain layer: business rules know nothing of HTTP. Requests and responses belong to src/routes/, ' +
  'calls to other services to src/clients/; the domain gets what it needs as plain values and functions.';
const DOMAIN_CLIENT =
  'Domain layer: a domain module may use a client only through its type (`import type { XClient } from \'../clients/x-client\'`) ' +
  'and receive the client as a parameter. Building clients (createServiceClient, URLs, retries, HTTP status codes) ' +
  'is the transport, which lives in src/clients/ and is wired in src/wire.ts.';
const DOMAIN_EDGE =
  'Domain layer: HTTP middleware, servers and the service runtime belong to src/routes/, app.ts, wire.ts and main.ts, ' +
  'not to business rules. The domain may use AppError and the helpers (notFound, conflict…), Logger, Metrics and periodic tasks.';
const STORE_UP =
  'Store layer: a store persists records and knows nothing above it (domain, routes, clients, jobs, HTTP). ' +
  'A type both the store and the domain need goes in src/model/ (the service\'s own records) or comes from @shopfast/contracts (public shapes); ' +
  'the domain imports the store, never the other way round, so the two folders never form a cycle.';
const MODEL_ONLY =
  'Model layer: src/model/ holds the records the domain and the store share, as types and constants. ' +
  'It may import only @shopfast/contracts, zod and Node built-ins (node:…), so every layer can import it without a cycle.';
const PACKAGE_APP =
  'Shared packages (packages/*) are used by the services, the gateway and the storefront and never the other way round: ' +
  'move the shared code into a package, or pass it in as a parameter.';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.stack/**', 'web/dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Command-line scripts talk to a terminal.
    files: ['scripts/**'],
    rules: { 'no-console': 'off' },
  },

  // ---- Layers ------------------------------------------------------------------------------------
  {
    plugins: { layers, 'import-x': importX },
    settings: {
      // Relative imports resolve to the .ts file; workspace packages to their built types (packages/*/dist).
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true, noWarnOnMultipleProjects: true })],
      // How import-x reads the files it follows (without this it skips every .ts file it cannot parse).
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts', '.cts'] },
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
    },
  },
  {
    // A module cycle means one of the two modules is used before it has finished loading. Checked per
    // module; `import type` is erased at build time and cannot form a cycle. Workspace packages cannot
    // form cycles with one another: TypeScript project references refuse circular references.
    files: ['**/*.{ts,tsx,mts,mjs,js}'],
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['services/*/src/routes/**', 'gateway/src/routes/**'],
    ignores: testFiles,
    rules: {
      'layers/route-imports': [
        'error',
        {
          paths: [
            { name: '@shopfast/stores', message: ROUTE_STORE },
            ...['pg', 'mongodb', 'ioredis', '@elastic/elasticsearch'].map((name) => ({ name, message: `${ROUTE_STORE} Database drivers belong to src/store/.` })),
          ],
          // Even `import type`: a route that names a store type is one step from calling it.
          patterns: [{ regex: relativeFolder('store'), message: ROUTE_STORE }],
        },
      ],
    },
  },
  {
    files: ['services/*/src/domain/**'],
    ignores: testFiles,
    rules: {
      'layers/domain-imports': [
        'error',
        {
          paths: [
            // HTTP servers, HTTP test drivers and HTTP transports (Node's own and npm's).
            ...['express', 'supertest', 'undici', 'node:http', 'node:https', 'node:http2', 'http', 'https', 'http2', 'axios', 'node-fetch', 'got', 'ky'].map((name) => ({
              name,
              message: DOMAIN_HTTP,
            })),
            { name: '@shopfast/service-kit', importNames: ['createServiceClient'], message: DOMAIN_CLIENT },
            {
              name: '@shopfast/service-kit',
              importNames: [
                'createHttpApp',
                'startHttpServer',
                'validate',
                'errorHandler',
                'notFoundHandler',
                'readinessRoutes',
                'requestId',
                'requestMetrics',
                'requireCaller',
                'requireCustomer',
                'jsonDepthVerifier',
                'rawJsonDepthLimit',
                'createTrustedProxies',
                'createServiceRuntime',
                'runService',
              ],
              message: DOMAIN_EDGE,
            },
          ],
          patterns: [
            { regex: relativeFolder('routes'), message: DOMAIN_HTTP },
            { regex: relativeFolder('clients'), allowTypeImports: true, message: DOMAIN_CLIENT },
          ],
        },
      ],
      // fetch is Node's built-in HTTP transport (undici), reachable without an import.
      'no-restricted-globals': ['error', ...['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource'].map((name) => ({ name, message: DOMAIN_CLIENT }))],
    },
  },
  {
    files: ['services/*/src/store/**'],
    ignores: testFiles,
    rules: {
      'layers/store-imports': [
        'error',
        {
          paths: [{ name: 'express', message: STORE_UP }],
          // Even `import type`: a store that names a domain type makes the folders depend on each other.
          patterns: [{ regex: relativeFolder('domain', 'routes', 'clients', 'jobs'), message: STORE_UP }],
        },
      ],
    },
  },
  {
    files: ['services/*/src/model/**'],
    ignores: testFiles,
    rules: {
      'layers/model-imports': [
        'error',
        {
          patterns: [
            // Out of src/model/ (to domain, store, routes, clients, jobs, config…), types included.
            { regex: '^(?:\\.\\./)+(?!model(?:/|$))', message: MODEL_ONLY },
            // Any package but the contracts, zod and Node's own modules.
            { regex: '^(?!\\.|@shopfast/contracts$|zod(?:/|$)|node:)', message: MODEL_ONLY },
          ],
        },
      ],
    },
  },
  {
    // Tests included: a package's tests must not need a service either.
    files: ['packages/**'],
    rules: {
      'layers/package-imports': [
        'error',
        {
          patterns: [
            { regex: '^@shopfast/(?:[a-z0-9-]+-service|gateway|web|e2e-tests)(?:/|$)', message: PACKAGE_APP },
            // Two or more `../` reach out of the package: to the real app folders, or to nothing at all.
            { regex: '^(?:\\.\\./){2,}(?:services|gateway|web)(?:/|$)', message: PACKAGE_APP },
          ],
        },
      ],
    },
  },
);
