import type { Migration } from '@shopfast/stores';

export const migrations: Migration[] = [
  {
    id: '001-create-users',
    sql: `
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        name text NOT NULL,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      -- E-mail addresses are unique regardless of case.
      CREATE UNIQUE INDEX users_email_unique ON users (lower(email));
    `,
  },
];
