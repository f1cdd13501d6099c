/**
 * The JSON that crosses ShopFast's service boundaries and the public API, as zod schemas: one definition
 * for the service that answers (it validates requests with them), the services that call it (they parse
 * answers with them), the storefront, and the OpenAPI document (gateway). Types are derived (z.infer).
 * Named public schemas carry `.meta({ id, description })`, which the OpenAPI generator reads; nothing
 * here imports the generator, because the storefront bundles this package.
 */
export * from './common';
export * from './catalog';
export * from './cart';
export * from './card';
export * from './shipping';
export * from './order';
export * from './inventory';
export * from './payment';
export * from './user';
export * from './notification';
export * from './gateway';
export * from './faults';
export * from './incident';
