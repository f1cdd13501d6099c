import { z } from 'zod';

/**
 * The one error body every ShopFast service and the gateway answer with (service-kit's error middleware
 * writes it): `{"error":{"code","message","details"?}}`. `code` is stable and machine-readable;
 * `message` is for people; `details` depends on the code.
 */
export const errorResponse = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable, machine-readable: validation_failed, not_found, out_of_stock, ...' }),
      message: z.string().meta({ description: 'For people; may change.' }),
      details: z.unknown().optional().meta({ description: 'Depends on the code.' }),
    }),
  })
  .meta({ id: 'Error', description: 'Every error answer: {"error":{"code","message","details"?}}.' });
export type ErrorResponse = z.infer<typeof errorResponse>;

/** The error body with `details` of a known shape (for a code whose details are part of the contract). */
export const errorResponseWith = <T extends z.ZodType>(details: T) =>
  z.object({ error: z.object({ code: z.string(), message: z.string(), details }) });

/** One problem of a 400 `validation_failed`: where, which field (dot path), and what is wrong with it. */
export const validationProblem = z
  .object({
    location: z.enum(['body', 'query', 'params']),
    path: z.string(),
    message: z.string(),
  })
  .meta({ id: 'ValidationProblem', description: 'One field problem of a 400 validation_failed answer; never echoes the value.' });
export type ValidationProblem = z.infer<typeof validationProblem>;

export const validationErrorResponse = errorResponseWith(z.array(validationProblem)).meta({
  id: 'ValidationError',
  description: '400 validation_failed: every problem of every part of the request at once.',
});
export type ValidationErrorResponse = z.infer<typeof validationErrorResponse>;

/** One page of a list: GET /api/products, GET /api/orders, inventory's GET /stock. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

/** The schema of a page of `item`s (see Page). */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int().meta({ description: 'Items in the whole list, not just this page.' }),
    page: z.number().int().meta({ description: 'This page, from 1.' }),
    limit: z.number().int().meta({ description: 'Page size asked for.' }),
  });

/** Query parameters of a paged list: page from 1, limit up to `maxLimit`. */
export const pageQuery = ({ maxPage, maxLimit, defaultLimit }: { maxPage: number; maxLimit: number; defaultLimit: number }) =>
  z.object({
    page: z.coerce.number().int().min(1).max(maxPage).default(1),
    limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit),
  });

/** An order id (a uuid), as a path or query parameter. */
export const orderId = z.uuid({ error: 'must be an order id' });
