import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { badRequest } from '../errors';

export interface RequestSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

export interface FieldProblem {
  location: 'body' | 'query' | 'params';
  path: string;
  message: string;
}

/**
 * Validates body, query and params against zod schemas and replaces them with the parsed values
 * (coerced numbers, defaults, stripped unknown keys). Every problem in every part is reported at once
 * as a 400 `validation_failed` whose details list `{location, path, message}`.
 */
export function validate(schemas: RequestSchemas): RequestHandler {
  return (req, _res, next) => {
    const problems: FieldProblem[] = [];
    for (const location of ['params', 'query', 'body'] as const) {
      const schema = schemas[location];
      if (!schema) continue;
      const result = schema.safeParse(location === 'body' ? (req.body ?? {}) : req[location]);
      if (!result.success) {
        for (const issue of result.error.issues) {
          problems.push({ location, path: issue.path.join('.'), message: issue.message });
        }
        continue;
      }
      // Express 5 exposes req.query through a getter; defineProperty replaces it for this request only.
      Object.defineProperty(req, location, { value: result.data, writable: true, configurable: true, enumerable: true });
    }
    if (problems.length > 0) {
      next(badRequest('validation_failed', 'The request is invalid', problems));
      return;
    }
    next();
  };
}
