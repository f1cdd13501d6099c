// The layer rules of eslint.config.mjs, run through ESLint's Node API on small pieces of code placed at
// the paths the rules are about. Each rule is shown failing with its own rule id and passing on the
// import it allows, so a config change that silently disables a rule fails here.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(__dirname, '..', '..');
const configFile = path.join(repoRoot, 'eslint.config.mjs');
const eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: configFile });

/** Lints `code` as if it were the file at `file` (relative to the repository root; it need not exist). */
async function lint(file: string, code: string, engine = eslint, root = repoRoot): Promise<Linter.LintMessage[]> {
  const [result] = await engine.lintText(code, { filePath: path.join(root, file) });
  if (!result) throw new Error(`ESLint returned no result for ${file}`);
  return result.messages;
}

const ruleIds = (messages: Linter.LintMessage[]) => messages.map((message) => message.ruleId);

describe('routes layer (services/*/src/routes, gateway/src/routes)', () => {
  const route = 'services/order/src/routes/example.routes.ts';

  it('rejects a route that imports the service store, naming the layer rule', async () => {
    const messages = await lint(route, "import { createOrderStore } from '../store/order-store';\nexport const store = createOrderStore;\n");
    expect(ruleIds(messages)).toEqual(['layers/route-imports']);
    expect(messages[0]!.message).toContain('Routes layer: a route validates input, calls one domain function');
  });

  it('rejects a store import even when only its type is named', async () => {
    const messages = await lint(route, "import type { OrderStore } from '../store/order-store';\nexport type Store = OrderStore;\n");
    expect(ruleIds(messages)).toEqual(['layers/route-imports']);
  });

  it('rejects the shared stores package and database drivers in gateway routes too', async () => {
    const messages = await lint(
      'gateway/src/routes/example.routes.ts',
      "import { createRedisStore } from '@shopfast/stores';\nimport { Pool } from 'pg';\nexport const parts = [createRedisStore, Pool];\n",
    );
    expect(ruleIds(messages)).toEqual(['layers/route-imports', 'layers/route-imports']);
    expect(messages[1]!.message).toContain('Database drivers belong to src/store/');
  });

  it('rejects clients, jobs and the wiring: a route reaches them only through the domain', async () => {
    const messages = await lint(
      route,
      [
        "import { createPaymentClient } from '../clients/payment-client';",
        "import { startJobs } from '../jobs/jobs';",
        "import { wire } from '../wire';",
        'export const parts = [createPaymentClient, startJobs, wire];',
        '',
      ].join('\n'),
    );
    expect(ruleIds(messages)).toEqual(['layers/route-imports', 'layers/route-imports', 'layers/route-imports']);
    expect(messages[0]!.message).toContain('Routes layer: a route does not call other services');
    expect(messages[1]!.message).toContain('Routes layer: a route does not start, run or read background jobs');
    expect(messages[2]!.message).toContain('importing them from a layer makes a cycle');
  });

  it('rejects deep paths into the stores package and driver subpaths', async () => {
    const messages = await lint(
      route,
      "import { createPgPool } from '@shopfast/stores/dist/pg';\nimport Client from 'pg/lib/client';\nimport { Client as Search } from '@elastic/elasticsearch/lib/client';\nexport const parts = [createPgPool, Client, Search];\n",
    );
    expect(ruleIds(messages)).toEqual(['layers/route-imports', 'layers/route-imports', 'layers/route-imports', 'layers/route-imports']);
    expect(messages[0]!.message).toContain('Routes layer: a route validates input');
    expect(messages[1]!.message).toContain('Import a workspace package by its name only');
    expect(messages[2]!.message).toContain('Database drivers belong to src/store/');
    expect(messages[3]!.message).toContain('Database drivers belong to src/store/');
  });

  it('allows a route to import express, service-kit and the domain', async () => {
    const messages = await lint(
      route,
      [
        "import { Router } from 'express';",
        "import { validate } from '@shopfast/service-kit';",
        "import { createCheckout } from '../domain/checkout/checkout';",
        'export const parts = [Router, validate, createCheckout];',
        '',
      ].join('\n'),
    );
    expect(messages).toEqual([]);
  });

  it('leaves integration tests next to the routes free to seed a real store', async () => {
    const messages = await lint('services/order/src/routes/example.int.test.ts', "import { createOrderStore } from '../store/order-store';\nexport const store = createOrderStore;\n");
    expect(messages).toEqual([]);
  });
});

describe('domain layer (services/*/src/domain)', () => {
  const domain = 'services/cart/src/domain/example.ts';

  it('rejects express, even as a type', async () => {
    const messages = await lint(domain, "import express from 'express';\nimport type { Request } from 'express';\nexport const parts: [unknown, Request?] = [express];\n");
    expect(ruleIds(messages)).toEqual(['layers/domain-imports', 'layers/domain-imports']);
    expect(messages[0]!.message).toContain('Domain layer: business rules know nothing of HTTP');
  });

  it('rejects HTTP transports and test drivers: node:http, undici, supertest', async () => {
    const messages = await lint(
      domain,
      "import { request } from 'node:http';\nimport { fetch } from 'undici';\nimport supertest from 'supertest';\nexport const parts = [request, fetch, supertest];\n",
    );
    expect(ruleIds(messages)).toEqual(['layers/domain-imports', 'layers/domain-imports', 'layers/domain-imports']);
  });

  it('rejects the global fetch, the transport that needs no import', async () => {
    const messages = await lint(domain, "export const load = () => fetch('http://product:5102/products');\n");
    expect(ruleIds(messages)).toEqual(['no-restricted-globals']);
    expect(messages[0]!.message).toContain('Domain layer: a domain module may use a client only through its type');
  });

  it('rejects building a client (createServiceClient) and a value import from src/clients', async () => {
    const messages = await lint(
      domain,
      "import { createServiceClient } from '@shopfast/service-kit';\nimport { createProductClient } from '../clients/product-client';\nexport const parts = [createServiceClient, createProductClient];\n",
    );
    expect(ruleIds(messages)).toEqual(['layers/domain-imports', 'layers/domain-imports']);
    expect(messages.every((message) => message.message.includes('Building clients (createServiceClient'))).toBe(true);
  });

  it('rejects HTTP middleware from service-kit and any import from src/routes', async () => {
    const messages = await lint(
      'services/order/src/domain/checkout/example.ts',
      "import { validate } from '@shopfast/service-kit';\nimport type { CheckoutBody } from '../../routes/checkout.routes';\nexport const parts: [unknown, CheckoutBody?] = [validate];\n",
    );
    expect(ruleIds(messages)).toEqual(['layers/domain-imports', 'layers/domain-imports']);
    expect(messages[0]!.message).toContain('HTTP middleware, servers and the service runtime');
    expect(messages[1]!.message).toContain('Domain layer: business rules know nothing of HTTP');
  });

  it('rejects building stores, even through a deep path, and database and socket drivers, even as types', async () => {
    const messages = await lint(
      domain,
      [
        "import { createPgPool } from '@shopfast/stores';",
        "import type { Pool } from 'pg';",
        "import type { Redis } from 'ioredis';",
        "import { MongoClient } from 'mongodb';",
        "import { Client } from '@elastic/elasticsearch';",
        "import { connect } from 'node:net';",
        "import { createServer } from 'net';",
        "import { createHttpApp } from '@shopfast/service-kit/dist/http/create-app';",
        'export const parts: [unknown, Pool?, Redis?] = [createPgPool, MongoClient, Client, connect, createServer, createHttpApp];',
        '',
      ].join('\n'),
    );
    expect(ruleIds(messages)).toEqual(Array(8).fill('layers/domain-imports'));
    expect(messages[0]!.message).toContain('Domain layer: the domain works on the service\'s own stores');
    expect(messages.slice(1, 7).every((message) => message.message.includes('Drivers belong to src/store/'))).toBe(true);
    expect(messages[7]!.message).toContain('Import a workspace package by its name only');
  });

  it('rejects createEventPublisher and the wiring (wire.ts, app.ts), and allows the EventPublisher type', async () => {
    const messages = await lint(
      'services/shipping/src/domain/example.ts',
      [
        "import { createEventPublisher, type EventPublisher } from '@shopfast/events';",
        "import { wire } from '../wire';",
        "import { createApp } from '../app';",
        'export const parts: [unknown, unknown, unknown, EventPublisher?] = [createEventPublisher, wire, createApp];',
        '',
      ].join('\n'),
    );
    expect(ruleIds(messages)).toEqual(['layers/domain-imports', 'layers/domain-imports', 'layers/domain-imports']);
    expect(messages[0]!.message).toContain('publishes events through the EventPublisher it is given');
    expect(messages[1]!.message).toContain('wire.ts, app.ts and main.ts put the service together');
  });

  it('rejects a dynamic import(), which the import rules cannot see', async () => {
    const messages = await lint(domain, "export const server = async () => (await import('express')).default();\n");
    expect(ruleIds(messages)).toEqual(['no-restricted-syntax']);
    expect(messages[0]!.message).toContain('Domain layer: no dynamic import()');
  });

  it('allows client and store types, errors, logger and metrics: what a domain function is given', async () => {
    const messages = await lint(
      domain,
      [
        "import type { ProductClient } from '../clients/product-client';",
        "import { type CatalogProduct } from '../clients/product-client';",
        "import type { CartStore } from '../store/cart-store';",
        "import { type RedisStore } from '@shopfast/stores';",
        "import type { EventPublisher } from '@shopfast/events';",
        "import { notFound, type Logger, type Metrics, type ServiceClient } from '@shopfast/service-kit';",
        'export type Deps = { products: ProductClient; store: CartStore; logger: Logger; metrics: Metrics; raw?: ServiceClient; last?: CatalogProduct; redis?: RedisStore; events?: EventPublisher };',
        'export const missing = notFound;',
        '',
      ].join('\n'),
    );
    expect(messages).toEqual([]);
  });
});

describe('store layer (services/*/src/store)', () => {
  const store = 'services/inventory/src/store/example-store.ts';

  it('rejects a store that imports the domain, even a type only, naming the layer rule', async () => {
    const messages = await lint(
      store,
      "import { MOVING_STATUSES } from '../domain/stock';\nimport type { Inventory } from '../domain/inventory';\nexport const parts: [unknown, Inventory?] = [MOVING_STATUSES];\n",
    );
    expect(ruleIds(messages)).toEqual(['layers/store-imports', 'layers/store-imports']);
    expect(messages[0]!.message).toContain('Store layer: a store persists records and knows nothing above it');
    expect(messages[1]!.message).toContain('goes in src/model/');
  });

  it('rejects routes, clients, jobs and express, from nested folders too', async () => {
    const messages = await lint(
      'services/order/src/store/outbox/example-store.ts',
      [
        "import type { Request } from 'express';",
        "import type { CheckoutBody } from '../../routes/checkout.routes';",
        "import type { PaymentClient } from '../../clients/payment-client';",
        "import { startJobs } from '../../jobs/jobs';",
        'export const parts: [unknown, Request?, CheckoutBody?, PaymentClient?] = [startJobs];',
        '',
      ].join('\n'),
    );
    expect(ruleIds(messages)).toEqual(['layers/store-imports', 'layers/store-imports', 'layers/store-imports', 'layers/store-imports']);
  });

  it('allows the model, the contracts, the shared stores, drivers and sibling stores', async () => {
    const messages = await lint(
      store,
      [
        "import type { Collection } from 'mongodb';",
        "import type { ReservationStatus } from '@shopfast/contracts';",
        "import type { MongoStore } from '@shopfast/stores';",
        "import { MOVING_STATUSES, type Reservation } from '../model/stock';",
        "import type { StockStore } from './stock-store';",
        'export type Parts = [Collection, ReservationStatus, MongoStore, Reservation, StockStore];',
        'export const moving = MOVING_STATUSES;',
        '',
      ].join('\n'),
    );
    expect(messages).toEqual([]);
  });

  it('leaves store tests free to use the domain they serve', async () => {
    const messages = await lint('services/inventory/src/store/example-store.int.test.ts', "import { seedQuantity } from '../domain/stock';\nexport const seed = seedQuantity;\n");
    expect(messages).toEqual([]);
  });
});

describe('model layer (services/*/src/model)', () => {
  const model = 'services/order/src/model/example.ts';

  it('rejects the domain, the store and the other folders of the service, even as types', async () => {
    const messages = await lint(
      model,
      [
        "import type { Compensator } from '../domain/checkout/compensations';",
        "import type { OrderStore } from '../store/order-store';",
        "import type { CheckoutBody } from '../routes/checkout.routes';",
        "import type { PaymentClient } from '../clients/payment-client';",
        "import type { Jobs } from '../jobs/jobs';",
        "import type { Config } from '../config';",
        'export type Parts = [Compensator, OrderStore, CheckoutBody, PaymentClient, Jobs, Config];',
        '',
      ].join('\n'),
    );
    expect(ruleIds(messages)).toEqual(Array(6).fill('layers/model-imports'));
    expect(messages[0]!.message).toContain('Model layer: src/model/ holds the records the domain and the store share');
  });

  it('rejects packages other than the contracts, zod and node built-ins', async () => {
    const messages = await lint(
      model,
      "import type { PgPool } from '@shopfast/stores';\nimport type { StockChangedData } from '@shopfast/events';\nimport express from 'express';\nexport const parts: [unknown, PgPool?, StockChangedData?] = [express];\n",
    );
    expect(ruleIds(messages)).toEqual(['layers/model-imports', 'layers/model-imports', 'layers/model-imports']);
  });

  it('allows the contracts, zod, node: built-ins and another model file', async () => {
    const messages = await lint(
      model,
      [
        "import { randomUUID } from 'node:crypto';",
        "import type { OrderItem } from '@shopfast/contracts';",
        "import { z } from 'zod';",
        "import type { CompensationKind } from './checkout';",
        'export type Parts = [OrderItem, CompensationKind];',
        'export const parts = [randomUUID, z];',
        '',
      ].join('\n'),
    );
    expect(messages).toEqual([]);
  });
});

describe('event handlers and jobs (services/*/src/events, services/*/src/jobs)', () => {
  it('rejects routes and the wiring in an event handler, naming its layer', async () => {
    const messages = await lint(
      'services/shipping/src/events/example.ts',
      "import type { ShipmentBody } from '../routes/shipments.routes';\nimport { wire } from '../wire';\nexport const parts: [unknown, ShipmentBody?] = [wire];\n",
    );
    expect(ruleIds(messages)).toEqual(['layers/event-imports', 'layers/event-imports']);
    expect(messages[0]!.message).toContain('Events layer: Event handlers (src/events/) and jobs (src/jobs/) run beside the routes');
  });

  it('rejects routes and the wiring in a job', async () => {
    const messages = await lint('services/order/src/jobs/example.ts', "import { ordersRoutes } from '../routes/orders.routes';\nimport { createApp } from '../app';\nexport const parts = [ordersRoutes, createApp];\n");
    expect(ruleIds(messages)).toEqual(['layers/job-imports', 'layers/job-imports']);
    expect(messages[0]!.message).toContain('Jobs layer:');
  });

  it('allows a job the domain, the store and the clients it is given', async () => {
    const messages = await lint(
      'services/order/src/jobs/example.ts',
      [
        "import { createCompensator } from '../domain/checkout/compensations';",
        "import type { OrderStore } from '../store/order-store';",
        "import type { InventoryClient } from '../clients/inventory-client';",
        'export type Parts = [OrderStore, InventoryClient];',
        'export const compensate = createCompensator;',
        '',
      ].join('\n'),
    );
    expect(messages).toEqual([]);
  });
});

describe('clients (services/*/src/clients)', () => {
  const client = 'services/order/src/clients/example-client.ts';

  it('rejects the domain, the store and routes, even as types', async () => {
    const messages = await lint(
      client,
      [
        "import type { Checkout } from '../domain/checkout/checkout';",
        "import type { OrderStore } from '../store/order-store';",
        "import type { CheckoutBody } from '../routes/checkout.routes';",
        'export type Parts = [Checkout, OrderStore, CheckoutBody];',
        '',
      ].join('\n'),
    );
    expect(ruleIds(messages)).toEqual(['layers/client-imports', 'layers/client-imports', 'layers/client-imports']);
    expect(messages[0]!.message).toContain('Clients layer: a client (src/clients/) turns calls into requests to another service');
  });

  it('allows service-kit, the contracts and a sibling client', async () => {
    const messages = await lint(
      client,
      "import { createServiceClient } from '@shopfast/service-kit';\nimport type { Order } from '@shopfast/contracts';\nimport { upstream } from './upstream';\nexport type Parts = [Order];\nexport const parts = [createServiceClient, upstream];\n",
    );
    expect(messages).toEqual([]);
  });
});

describe('workspace boundaries (services, gateway, web)', () => {
  it('rejects a service importing another service by path or by package name, and allows its own files', async () => {
    const file = 'services/order/src/domain/checkout/example.ts';
    const messages = await lint(
      file,
      "import { createApp } from '../../../../cart/src/app';\nimport { wire } from '../../../../../services/inventory/src/wire';\nimport { loadConfig } from '@shopfast/cart-service';\nexport const parts = [createApp, wire, loadConfig];\n",
    );
    expect(ruleIds(messages)).toEqual(['layers/service-imports', 'layers/service-imports', 'layers/service-imports']);
    expect(messages[0]!.message).toContain('Services do not share code by importing each other\'s files');
    expect(await lint(file, "import { createCompensator } from '../../../../order/src/domain/checkout/compensations';\nexport const own = createCompensator;\n")).toEqual([]);
  });

  it('rejects the gateway importing a service, by path or by package name', async () => {
    const messages = await lint(
      'gateway/src/proxy/example.ts',
      "import { createApp } from '../../../services/order/src/app';\nimport { loadConfig } from '@shopfast/cart-service';\nexport const parts = [createApp, loadConfig];\n",
    );
    expect(ruleIds(messages)).toEqual(['layers/gateway-imports', 'layers/gateway-imports']);
    expect(messages[0]!.message).toContain('Gateway: the gateway reaches the services over HTTP');
  });

  it('rejects the storefront importing a server package, a service or the gateway, and allows the contracts', async () => {
    const file = 'web/src/api/example.ts';
    const messages = await lint(
      file,
      [
        "import { notFound } from '@shopfast/service-kit';",
        "import { createApp } from '../../../services/order/src/app';",
        "import type { Config } from '../../../gateway/src/config';",
        'export const parts: [unknown, unknown, Config?] = [notFound, createApp];',
        '',
      ].join('\n'),
    );
    expect(ruleIds(messages)).toEqual(['layers/web-imports', 'layers/web-imports', 'layers/web-imports']);
    expect(messages[0]!.message).toContain('Storefront (web/src): it runs in the browser');
    expect(await lint(file, "import type { Product } from '@shopfast/contracts';\nexport type Parts = [Product];\n")).toEqual([]);
  });
});

describe('shared packages (packages/*)', () => {
  it('rejects a package that imports a service by package name or by path', async () => {
    const messages = await lint(
      'packages/events/src/example.ts',
      "import { createApp } from '@shopfast/order-service';\nimport { loadConfig } from '../../../services/order/src/config';\nexport const parts = [createApp, loadConfig];\n",
    );
    expect(ruleIds(messages)).toEqual(['layers/package-imports', 'layers/package-imports']);
    expect(messages[0]!.message).toContain('Shared packages (packages/*) are used by the services');
  });

  it('rejects the gateway and the storefront, in tests too', async () => {
    const messages = await lint(
      'packages/service-kit/src/http/example.test.ts',
      "import { createApp } from '@shopfast/gateway';\nimport type { Product } from '../../../../web/src/api';\nexport const parts: [unknown, Product?] = [createApp];\n",
    );
    expect(ruleIds(messages)).toEqual(['layers/package-imports', 'layers/package-imports']);
  });

  it('rejects scripts/ and tests/, which are not shipped with the package', async () => {
    const messages = await lint(
      'packages/test-kit/src/example.ts',
      "import { stackPorts } from '../../../scripts/stack/ports';\nimport { api } from '../../../tests/e2e/shop-client';\nexport const parts = [stackPorts, api];\n",
    );
    expect(ruleIds(messages)).toEqual(['layers/package-imports', 'layers/package-imports']);
    expect(messages[0]!.message).toContain('Nor do they import scripts/ or tests/');
  });

  it('allows a package to import another package', async () => {
    const messages = await lint('packages/events/src/example.ts', "import { tracer } from '@shopfast/tracing';\nimport { notFound } from '@shopfast/service-kit';\nexport const parts = [tracer, notFound];\n");
    expect(messages).toEqual([]);
  });
});

describe('import cycles (import-x/no-cycle), on files written to a scratch folder', () => {
  let scratch: string;
  let scratchLint: ESLint;
  const write = (file: string, code: string) => {
    fs.mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
    fs.writeFileSync(path.join(scratch, file), code);
  };

  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'shopfast-lint-cycles-'));
    scratchLint = new ESLint({ cwd: scratch, overrideConfigFile: configFile });
    write('services/demo/src/store/demo-store.ts', "import { price } from '../domain/pricing';\nexport const stored = () => price(1);\n");
    write('services/demo/src/store/demo-types.ts', "import type { Price } from '../domain/pricing';\nexport type Stored = { price: Price };\n");
  });
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('rejects a run-time cycle between two folders (domain -> store -> domain)', async () => {
    const code = "import { stored } from '../store/demo-store';\nexport const price = (n: number) => n;\nexport const again = stored;\n";
    write('services/demo/src/domain/pricing.ts', code);
    const messages = await lint('services/demo/src/domain/pricing.ts', code, scratchLint, scratch);
    expect(ruleIds(messages)).toEqual(['import-x/no-cycle']);
  });

  it('allows a cycle made only of type imports, which the build erases', async () => {
    const code = "import type { Stored } from '../store/demo-types';\nexport type Price = number;\nexport const first = (stored: Stored[]) => stored[0];\n";
    write('services/demo/src/domain/pricing.ts', code);
    const messages = await lint('services/demo/src/domain/pricing.ts', code, scratchLint, scratch);
    expect(messages).toEqual([]);
  });
});
