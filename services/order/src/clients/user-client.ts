import { unauthorized, type ServiceClient } from '@shopfast/service-kit';
import { unexpectedAnswer } from './upstream';

export interface Customer {
  id: string;
  email: string;
  name: string;
}

export function createUserClient(client: ServiceClient) {
  return {
    /** The customer behind the token; a token for a deleted or unknown user is treated as unauthenticated. */
    async getCustomer(userId: string, requestId?: string): Promise<Customer> {
      // The user service shows an account only to a token acting for that same customer.
      const response = await client.get<Customer>(`/users/${encodeURIComponent(userId)}`, { actingFor: { userId }, headers: { 'x-request-id': requestId } });
      if (response.status === 200) return response.body;
      if (response.status === 404 || response.status === 400) throw unauthorized('The account behind this token does not exist', 'unknown_user');
      throw unexpectedAnswer('user', response);
    },
  };
}

export type UserClient = ReturnType<typeof createUserClient>;
