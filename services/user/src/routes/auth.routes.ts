import { Router } from 'express';
import { loginRequest, signupRequest, userParams, type LoginRequest, type SignupRequest } from '@shopfast/contracts';
import { customerIdOf, forbidden, requireCaller, requireCustomer, validate } from '@shopfast/service-kit';
import type { Accounts } from '../domain/accounts';

// Sign-up and login only through the gateway, so nobody gets around its login throttling by calling here.
const fromGateway = requireCaller({ from: ['gateway'] });
// A profile for the customer the caller acts for: the gateway (GET /api/me) or order (checkout).
const forCustomer = requireCustomer(['gateway', 'order']);

export function authRoutes(accounts: Accounts): Router {
  const router = Router();

  router.post('/signup', fromGateway, validate({ body: signupRequest }), async (req, res) => {
    res.status(201).json(await accounts.signup(req.body as SignupRequest));
  });

  router.post('/login', fromGateway, validate({ body: loginRequest }), async (req, res) => {
    res.json(await accounts.login(req.body as LoginRequest));
  });

  router.get('/users/:id', forCustomer, validate({ params: userParams }), async (req, res) => {
    // The token's subject decides whose profile this is: a customer never reads another's.
    const customerId = customerIdOf(res);
    if ((req.params.id as string).toLowerCase() !== customerId) throw forbidden('A customer may only read their own profile');
    res.json(await accounts.profile(customerId));
  });

  return router;
}
