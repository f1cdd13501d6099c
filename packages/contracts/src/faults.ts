import { z } from 'zod';

/**
 * Runtime control of the fault catalogue (infra/flags/shopfast.flagd.json, docs/faults.md): the gateway's
 * admin API at /api/admin/faults, which `npm run faults` and the storefront's admin page call, and the
 * public GET /api/flags the storefront evaluates its browser faults from.
 */

/** A fault's value: a number (a rate, a delay, a size) or a switch. */
export const faultValue = z.union([z.number(), z.boolean()]);
export type FaultValueJson = z.infer<typeof faultValue>;

/** Keys are the catalogue's camelCase flag names; anything the catalogue does not hold is a 404. */
export const faultParams = z.object({ key: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a fault key (letters and digits, at most 64)') });

/**
 * PUT /api/admin/faults/:key body. The value is checked against the fault's type and range (400
 * invalid_fault_value naming what is allowed); a string holding a number or true/false is read as one, so
 * a value typed into a shell or a form works as is.
 */
export const setFaultBody = z
  .object({
    value: z
      .union([z.number(), z.boolean(), z.string().max(64)])
      .meta({ description: "The fault's new value: a number within its range, or true/false for a switch. Its default value switches it off." }),
  })
  .strict()
  .meta({ id: 'SetFault', description: 'PUT /api/admin/faults/:key: switch a fault on at this value (administrators).' });
export type SetFaultBody = z.infer<typeof setFaultBody>;

/** One fault as the catalogue defines it, with its value now. */
export const faultState = z
  .object({
    key: z.string(),
    description: z.string(),
    type: z.enum(['number', 'boolean']),
    value: faultValue.meta({ description: 'The value now (the default when off).' }),
    default: faultValue.meta({ description: 'The value when off (0 or false).' }),
    on: faultValue.meta({ description: 'The value it runs at when switched on without one.' }),
    min: z.number().optional(),
    max: z.number().optional(),
    unit: z.string().optional(),
    service: z.string().meta({ description: 'The service that reads it, or web for the storefront.' }),
    signal: z.string().meta({ description: 'The Datadog signal it raises (docs/faults.md).' }),
    monitor: z.string().meta({ description: 'The monitor that should catch it.' }),
    active: z.boolean().meta({ description: 'Switched on (its value is not the default).' }),
  })
  .meta({ id: 'Fault', description: 'A fault of the catalogue and its current value. Services see a change within 10 s.' });
export type FaultState = z.infer<typeof faultState>;

export const faultList = z
  .object({ faults: z.array(faultState) })
  .meta({ id: 'FaultList', description: 'GET /api/admin/faults: every fault of the catalogue, in its order.' });
export type FaultList = z.infer<typeof faultList>;

/** GET /api/flags: the storefront's flags (metadata.service `web`) by key, with their values now. */
export const browserFlags = z
  .object({ flags: z.record(z.string(), faultValue) })
  .meta({ id: 'BrowserFlags', description: "GET /api/flags: the storefront's fault flags and their values now (never cached)." });
export type BrowserFlags = z.infer<typeof browserFlags>;
