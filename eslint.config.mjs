// One lint configuration for the whole workspace (flat config). Type-aware rules are left out to keep
// `npm run lint` fast on two cores; `npm run typecheck` covers types.
//
// The second half enforces the layers of docs/decisions/012-dependency-passing.md and the conventions
// ("thin routes over domain functions, storage in src/store/, calls to other services in src/clients/"):
//   routes  -> domain                      never the store, never a database driver
//   domain  -> stores, client types        never HTTP: no express, no transport, no routes
//   store   -> model, contracts, drivers   never the domain, routes, clients, jobs or express (not even a type)
//   model   -> contracts, zod, node:*      shared records of domain and store; nothing of the service's own
//   events, jobs -> domain, store, clients never routes, never the wiring (wire.ts, app.ts, main.ts)
//   clients -> contracts, service-kit      never the domain, the store, routes, jobs, events or the wiring
//   packages -> packages                   never a service, the gateway, the storefront, scripts/ or tests/
//   a service -> its own files             never another service's (or the gateway's) source
//   gateway  -> packages                   never a service or the storefront: it reaches services over HTTP
//   web      -> @shopfast/contracts        no other workspace package and no service, gateway or package source
//   no import cycles between modules (import-x/no-cycle; type-only imports are not cycles at run time)
// Each layer has a rule id of its own (layers/route-imports, layers/domain-imports, layers/store-imports,
// layers/model-imports, layers/event-imports, layers/job-imports, layers/client-imports,
// layers/package-imports, layers/service-imports, layers/gateway-imports, layers/web-imports), so a
// message names the layer it protects and one layer's options never replace another's.
// tests/lint/layer-rules.test.ts shows each rule failing and passing.
//
// The rules read the text of static imports (`import`, `export … from`, `import x = require()`), which
// is why the domain also refuses dynamic `import()` (no-restricted-syntax): it would get past them.
import * as fs from 'node:fs';
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
    'event-imports': restrictImports,
    'job-imports': restrictImports,
    'client-imports': restrictImports,
    'package-imports': restrictImports,
    'service-imports': restrictImports,
    'gateway-imports': restrictImports,
    'web-imports': restrictImports,
  },
};

/**
 * A relative import whose first real folder or file is `name`: `../store/x`, `../../store`, `./store/x`,
 * `../wire`, `../wire.js`.
 */
const relativeFolder = (...names) => `^(?:\\.\\.?/)+(?:${names.join('|')})(?:/|\\.[cm]?[jt]sx?$|$)`;

/**
 * `group` globs for npm packages and every path inside them: the leading `/` anchors the glob to the
 * whole import, so `/pg` matches `pg` and `pg/lib/client` but not a file of the service named `./pg`.
 */
const packageGlobs = (...names) => names.map((name) => `/${name}`);

/** Database and network drivers: the store's business (src/store/), or the wiring's. */
const DRIVERS = ['pg', 'pg-cursor', 'pg-pool', 'mongodb', 'ioredis', 'redis', '@elastic/elasticsearch', 'node:net', 'net'];

/** The files that put a service together: they import every layer, so no layer may import them. */
const WIRING = ['wire', 'app', 'main'];

/** The services of the workspace (services/<name>), for the rule that keeps them out of each other's code. */
const SERVICES = fs
  .readdirSync(new URL('./services', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

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
const ROUTE_CLIENT =
  'Routes layer: a route does not call other services. The domain function it calls does, with the client ' +
  'that src/wire.ts built from src/clients/ and gave to the domain object.';
const ROUTE_JOB =
  'Routes layer: a route does not start, run or read background jobs (src/jobs/). If a request must trigger ' +
  'work, call a domain function; the job and the route then share that domain function, not each other.';
const WIRING_CYCLE =
  'wire.ts, app.ts and main.ts put the service together and import every layer, so importing them from a layer ' +
  'makes a cycle. Take what you need as a parameter: wire.ts passes it in.';
const DEEP_PACKAGE =
  'Import a workspace package by its name only (`@shopfast/service-kit`, not `@shopfast/service-kit/dist/...`): ' +
  'its index is the public API, and the only path the layer rules recognise.';
const DOMAIN_STORE =
  'Domain layer: the domain works on the service\'s own stores (src/store/), which it receives as parameters; ' +
  'it never opens a database or a socket. Drivers belong to src/store/, and building stores from @shopfast/stores ' +
  'to src/wire.ts. A type from @shopfast/stores (`import type { PgPool }`) is fine.';
const DOMAIN_PUBLISHER =
  'Domain layer: a domain module publishes events through the EventPublisher it is given ' +
  '(`import type { EventPublisher } from \'@shopfast/events\'`). createEventPublisher opens the Redis connection, ' +
  'which is wiring: src/wire.ts (or a src/clients/ module) builds the publisher.';
const DOMAIN_DYNAMIC =
  'Domain layer: no dynamic import(). The layer rules read static imports only, so import() would get past them; ' +
  'import the module statically, or receive what you need as a parameter.';
const HANDLER_UP =
  'Event handlers (src/events/) and jobs (src/jobs/) run beside the routes, not through them: call the domain ' +
  'function the route calls. They get their stores and clients as parameters, from src/wire.ts, never by importing it.';
const CLIENT_DOWN =
  'Clients layer: a client (src/clients/) turns calls into requests to another service and knows nothing of this ' +
  'service: no domain, store, routes, jobs, events or wiring. The domain uses the client, never the other way round; ' +
  'a record both need goes in src/model/ or @shopfast/contracts.';
const SERVICE_OTHER =
  'Services do not share code by importing each other\'s files: each builds and deploys on its own and talks to the ' +
  'others over HTTP or events. Move the shared part into a package (packages/*, e.g. @shopfast/contracts for shapes).';
const GATEWAY_SERVICE =
  'Gateway: the gateway reaches the services over HTTP (src/proxy/, with service tokens), never through their code. ' +
  'Shapes both sides need live in @shopfast/contracts, shared code in packages/*.';
const WEB_ONLY =
  'Storefront (web/src): it runs in the browser and talks to the gateway over HTTP. From the workspace it may import ' +
  'only @shopfast/contracts (the shapes of the public API); server packages, services and the gateway pull Node code ' +
  'into the bundle.';
const PACKAGE_APP =
  'Shared packages (packages/*) are used by the services, the gateway and the storefront and never the other way round: ' +
  'move the shared code into a package, or pass it in as a parameter. Nor do they import scripts/ or tests/, which are not shipped.';

/** Options of layers/client-imports: a client talks to its peer and knows only contracts and the model. */
const clientImports = {
  patterns: [{ regex: relativeFolder('domain', 'routes', 'jobs', 'events', 'store', ...WIRING), message: CLIENT_DOWN }],
};

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
          // Even `import type`: a route that names a store type is one step from calling it.
          patterns: [
            { group: packageGlobs('@shopfast/stores'), message: ROUTE_STORE },
            { group: packageGlobs(...DRIVERS), message: `${ROUTE_STORE} Database drivers belong to src/store/.` },
            { regex: relativeFolder('store'), message: ROUTE_STORE },
            { regex: relativeFolder('clients'), message: ROUTE_CLIENT },
            { regex: relativeFolder('jobs'), message: ROUTE_JOB },
            { regex: relativeFolder(...WIRING), message: `Routes layer: ${WIRING_CYCLE}` },
            { group: ['/@shopfast/*/**'], message: DEEP_PACKAGE },
          ],
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
            { name: '@shopfast/service-kit', importNames: ['createServiceClient'], message: DOMAIN_CLIENT },
            { name: '@shopfast/events', importNames: ['createEventPublisher'], message: DOMAIN_PUBLISHER },
            { name: '@shopfast/stores', allowTypeImports: true, message: DOMAIN_STORE },
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
            // HTTP servers, HTTP test drivers and HTTP transports (Node's own and npm's), with their subpaths.
            {
              group: packageGlobs('express', 'supertest', 'undici', 'node:http', 'node:https', 'node:http2', 'http', 'https', 'http2', 'axios', 'node-fetch', 'got', 'ky'),
              message: DOMAIN_HTTP,
            },
            // Even `import type`: the domain names its own stores' types, not a driver's.
            { group: packageGlobs(...DRIVERS), message: DOMAIN_STORE },
            { group: ['/@shopfast/*/**'], message: DEEP_PACKAGE },
            { regex: relativeFolder('routes'), message: DOMAIN_HTTP },
            { regex: relativeFolder('clients'), allowTypeImports: true, message: DOMAIN_CLIENT },
            { regex: relativeFolder(...WIRING), message: `Domain layer: ${WIRING_CYCLE}` },
          ],
        },
      ],
      // fetch is Node's built-in HTTP transport (undici), reachable without an import.
      'no-restricted-globals': ['error', ...['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource'].map((name) => ({ name, message: DOMAIN_CLIENT }))],
      // no-restricted-imports does not see import(): `await import('express')` would pass every rule above.
      'no-restricted-syntax': ['error', { selector: 'ImportExpression', message: DOMAIN_DYNAMIC }],
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
    files: ['services/*/src/events/**'],
    ignores: testFiles,
    rules: {
      'layers/event-imports': [
        'error',
        { patterns: [{ regex: relativeFolder('routes', ...WIRING), message: `Events layer: ${HANDLER_UP}` }] },
      ],
    },
  },
  {
    files: ['services/*/src/jobs/**'],
    ignores: testFiles,
    rules: {
      'layers/job-imports': [
        'error',
        { patterns: [{ regex: relativeFolder('routes', ...WIRING), message: `Jobs layer: ${HANDLER_UP}` }] },
      ],
    },
  },
  {
    files: ['services/*/src/clients/**'],
    ignores: testFiles,
    rules: { 'layers/client-imports': ['error', clientImports] },
  },
  // A service may not import another service's (or the gateway's, or the storefront's) source, by path
  // or by package name. One block per service, as the rule has to know which service is "own".
  ...SERVICES.map((service) => ({
    files: [`services/${service}/**`],
    rules: {
      'layers/service-imports': [
        'error',
        {
          patterns: [
            // `../../../cart/src/x`, `../../../../services/cart/src`, `../../../../gateway/src`: another workspace's code.
            { regex: `^(?:\\.\\./)+(?:services/)?(?!${service}/)[a-z0-9-]+/(?:src|dist)(?:/|$)`, message: SERVICE_OTHER },
            { regex: `^@shopfast/(?!${service}-service(?:/|$))(?:[a-z0-9-]+-service|gateway|web|e2e-tests)(?:/|$)`, message: SERVICE_OTHER },
          ],
        },
      ],
    },
  })),
  {
    // Tests included: the gateway's tests drive the gateway, with fake upstreams, not the services' code.
    files: ['gateway/**'],
    rules: {
      'layers/gateway-imports': [
        'error',
        {
          patterns: [
            { regex: '^@shopfast/(?:[a-z0-9-]+-service|web|e2e-tests)(?:/|$)', message: GATEWAY_SERVICE },
            // Two or more `../` can leave gateway/: to the services or the storefront.
            { regex: '^(?:\\.\\./){2,}(?:services|web)(?:/|$)', message: GATEWAY_SERVICE },
          ],
        },
      ],
    },
  },
  {
    // Tests included: the storefront's tests use its own fakes (web/src/test).
    files: ['web/src/**'],
    rules: {
      'layers/web-imports': [
        'error',
        {
          patterns: [
            { regex: '^@shopfast/(?!contracts$)', message: WEB_ONLY },
            // Two or more `../` can leave web/: to the services, the gateway, the packages' source, scripts or tests.
            { regex: '^(?:\\.\\./){2,}(?:services|gateway|packages|scripts|tests)(?:/|$)', message: WEB_ONLY },
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
            // Two or more `../` reach out of the package: to the real app folders, scripts, tests, or to nothing at all.
            { regex: '^(?:\\.\\./){2,}(?:services|gateway|web|scripts|tests)(?:/|$)', message: PACKAGE_APP },
          ],
        },
      ],
    },
  },
);
