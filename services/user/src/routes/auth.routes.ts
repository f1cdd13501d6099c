import { Router } from 'express';
import { z } from 'zod';
import { validate } from '@shopfast/service-kit';
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

export function authRoutes(accounts: Accounts): Router {
  const router = Router();

  router.post('/signup', validate({ body: signupBody }), async (req, res) => {
    res.status(201).json(await accounts.signup(req.body as z.infer<typeof signupBody>));
  });

  router.post('/login', validate({ body: loginBody }), async (req, res) => {
    res.json(await accounts.login(req.body as z.infer<typeof loginBody>));
  });

  router.get('/users/:id', validate({ params: userParams }), async (req, res) => {
    res.json(await accounts.profile(req.params.id as string));
  });

  return router;
}
