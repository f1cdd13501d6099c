/** The catalog's shapes are part of the public API: one definition in @shopfast/contracts. */
export type { Product, Page } from '@shopfast/contracts';
