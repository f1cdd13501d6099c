import type { AuthResult, LoginRequest, SignupRequest, User } from '@shopfast/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { conflict, notFound, unauthorized, type Metrics } from '@shopfast/service-kit';
import { DuplicateEmailError, type UserRecord, type UserStore } from '../store/user-store';
import { issueToken, type TokenSettings } from './tokens';

/** What the API shows of a user: never the password hash. */
export type PublicUser = User;
export type { AuthResult };

/** Password hashing (argon2id); a parameter so a test can count the verifications. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hashed: string, password: string): Promise<boolean>;
}

export const argon2Passwords: PasswordHasher = { hash: (password) => hash(password), verify: (hashed, password) => verify(hashed, password) };

export interface AccountsDeps {
  store: UserStore;
  tokens: TokenSettings;
  metrics: Metrics;
  /** Default: argon2id with the library's defaults. */
  passwords?: PasswordHasher;
}

const toPublic = (user: UserRecord): PublicUser => ({ id: user.id, email: user.email, name: user.name, createdAt: user.createdAt.toISOString() });

/** Sign-up and login. Passwords are stored only as argon2id hashes. */
export function createAccounts({ store, tokens, metrics, passwords = argon2Passwords }: AccountsDeps) {
  // An unknown e-mail is checked against this hash of a random password (made once, same parameters as
  // real ones), so a login costs one argon2 verification either way: the response time does not tell
  // whether an account exists. Started now, so the first unknown e-mail does not also pay for hashing.
  const dummyHash = passwords.hash(randomBytes(32).toString('base64url'));
  dummyHash.catch(() => undefined); // a failure surfaces on the login that awaits it, not as an unhandled rejection

  return {
    async signup(input: SignupRequest): Promise<AuthResult> {
      const passwordHash = await passwords.hash(input.password);
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

    async login(input: LoginRequest): Promise<AuthResult> {
      const user = await store.findByEmail(input.email);
      // Same answer, and the same work, for an unknown e-mail and a wrong password, so neither the API
      // nor its timing reveals who has an account.
      const matches = await passwords.verify(user?.passwordHash ?? (await dummyHash), input.password);
      if (!user || !matches) throw unauthorized('E-mail or password is wrong', 'invalid_credentials');
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
