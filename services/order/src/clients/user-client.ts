import { z } from 'zod';
import { user } from '@shopfast/contracts';
import { unauthorized, type ServiceClient } from '@shopfast/service-kit';
import { unexpectedAnswer } from './upstream';

/** The parts of the User contract a checkout needs: who to mail the confirmation to. */
const customer = user.pick({ id: true, email: true, name: true });

export type Customer = z.infer<typeof customer>;

export function createUserClient(client: ServiceClient) {
  return {
    /** The customer behind the token; a token for a deleted or unknown user is treated as unauthenticated. */
    async getCustomer(userId: string, requestId?: string): Promise<Customer> {
      // The user service shows an account only to a token acting for that same customer.
      const response = await client.get(`/users/${encodeURIComponent(userId)}`, { actingFor: { userId }, headers: { 'x-request-id': requestId } });
      if (response.status === 404 || response.status === 400) throw unauthorized('The account behind this token does not exist', 'unknown_user');
      const parsed = customer.safeParse(response.body);
      if (response.status === 200 && parsed.success) return parsed.data;
      throw unexpectedAnswer('user', response);
    },
  };
}

export type UserClient = ReturnType<typeof createUserClient>;
