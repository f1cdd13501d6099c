import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { conflict, notFound, unauthorized, type Metrics } from '@shopfast/service-kit';
import { DuplicateEmailError, type UserRecord, type UserStore } from '../store/user-store';
import { issueToken, type TokenSettings } from './tokens';

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

export interface AuthResult {
  token: string;
  user: PublicUser;
}

export interface AccountsDeps {
  store: UserStore;
  tokens: TokenSettings;
  metrics: Metrics;
}

const toPublic = (user: UserRecord): PublicUser => ({ id: user.id, email: user.email, name: user.name, createdAt: user.createdAt.toISOString() });

/** Sign-up and login. Passwords are stored only as argon2id hashes. */
export function createAccounts({ store, tokens, metrics }: AccountsDeps) {
  return {
    async signup(input: { email: string; password: string; name: string; channel: string }): Promise<AuthResult> {
      const passwordHash = await hash(input.password);
      let user: UserRecord;
      try {
        user = await store.insert({ id: randomUUID(), email: input.email.toLowerCase(), name: input.name, passwordHash });
      } catch (error) {
        if (error instanceof DuplicateEmailError) throw conflict('email_taken', 'An account with this e-mail already exists');
        throw error;
      }
      metrics.increment('ecommerce.customers.acquired', 1, { channel: input.channel });
      return { token: await issueToken(user.id, tokens), user: toPublic(user) };
    },

    async login(input: { email: string; password: string }): Promise<AuthResult> {
      const user = await store.findByEmail(input.email);
      // Same answer for an unknown e-mail and a wrong password, so the API does not reveal who has an account.
      if (!user || !(await verify(user.passwordHash, input.password))) throw unauthorized('E-mail or password is wrong', 'invalid_credentials');
      return { token: await issueToken(user.id, tokens), user: toPublic(user) };
    },

    async profile(userId: string): Promise<PublicUser> {
      const user = await store.findById(userId);
      if (!user) throw notFound('User not found', 'user_not_found');
      return toPublic(user);
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
