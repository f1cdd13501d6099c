export interface User {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

/** POST /api/auth/signup (201) and POST /api/auth/login (200). */
export interface AuthResult {
  token: string;
  user: User;
}
