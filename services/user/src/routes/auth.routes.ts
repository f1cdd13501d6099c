import { Router } from 'express';
import { z } from 'zod';
import { customerOf, forbidden, requireCaller, validate } from '@shopfast/service-kit';
import type { Accounts } from '../domain/accounts';

const email = z.string().trim().max(254, 'at most 254 characters').pipe(z.email({ error: 'must be an e-mail address' }));
/** Acquisition channels we report on; anything else is counted as "other" (bounded metric tags). */
const CHANNELS = ['web', 'mobile', 'referral', 'other'] as const;

const signupBody = z
  .object({
    email,
    password: z.string().min(8, 'at least 8 characters').max(128, 'at most 128 characters'),
    name: z.string().trim().min(1, 'is required').max(100, 'at most 100 characters'),
    channel: z.string().optional().transform((value) => (CHANNELS as readonly string[]).includes(value ?? '') ? (value as string) : value ? 'other' : 'web'),
  })
  .strict();

const loginBody = z.object({ email, password: z.string().min(1, 'is required').max(128) }).strict();
const userParams = z.object({ id: z.uuid({ error: 'must be a user id' }) });

// Sign-up and login only through the gateway, so nobody gets around its login throttling by calling here.
const fromGateway = requireCaller({ from: ['gateway'] });
// A profile for the customer the caller acts for: the gateway (GET /api/me) or order (checkout).
const forCustomer = requireCaller({ from: ['gateway', 'order'], user: true });

export function authRoutes(accounts: Accounts): Router {
  const router = Router();

  router.post('/signup', fromGateway, validate({ body: signupBody }), async (req, res) => {
    res.status(201).json(await accounts.signup(req.body as z.infer<typeof signupBody>));
  });

  router.post('/login', fromGateway, validate({ body: loginBody }), async (req, res) => {
    res.json(await accounts.login(req.body as z.infer<typeof loginBody>));
  });

  router.get('/users/:id', forCustomer, validate({ params: userParams }), async (req, res) => {
    // The token's subject decides whose profile this is: a customer never reads another's.
    if (req.params.id !== customerOf(res)) throw forbidden('A customer may only read their own profile');
    res.json(await accounts.profile(req.params.id as string));
  });

  return router;
}
