import type { PgPool } from '@shopfast/stores';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  createdAt: Date;
}

export class DuplicateEmailError extends Error {}

interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: Date;
}

const toRecord = (row: UserRow): UserRecord => ({ id: row.id, email: row.email, name: row.name, passwordHash: row.password_hash, createdAt: row.created_at });

/** Users in PostgreSQL. Every query is parameterised: input never becomes SQL. */
export function createUserStore(pool: PgPool) {
  return {
    async insert(user: Omit<UserRecord, 'createdAt'>): Promise<UserRecord> {
      try {
        const { rows } = await pool.query<UserRow>(
          'INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4) RETURNING *',
          [user.id, user.email, user.name, user.passwordHash],
        );
        return toRecord(rows[0]!);
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw new DuplicateEmailError(user.email);
        throw error;
      }
    },

    async findByEmail(email: string): Promise<UserRecord | null> {
      const { rows } = await pool.query<UserRow>('SELECT * FROM users WHERE lower(email) = lower($1)', [email]);
      return rows[0] ? toRecord(rows[0]) : null;
    },

    async findById(id: string): Promise<UserRecord | null> {
      const { rows } = await pool.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
      return rows[0] ? toRecord(rows[0]) : null;
    },
  };
}

export type UserStore = ReturnType<typeof createUserStore>;
