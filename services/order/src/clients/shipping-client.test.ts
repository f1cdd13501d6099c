import { describe, expect, it } from 'vitest';
import { AppError, type ServiceClient } from '@shopfast/service-kit';
import { createShippingClient } from './shipping-client';

/** A shipping service that answers every quote with this status and body. */
const answering = (status: number, body: unknown) =>
  createShippingClient({ post: async () => ({ status, headers: new Headers(), body }) } as unknown as ServiceClient);

const refusal = (status: number, body: unknown) =>
  answering(status, body)
    .quote({ country: 'GB', postalCode: 'N1 9GU', weightKg: 1 })
    .then(
      () => expect.fail('the quote should have been refused'),
      (error: unknown) => error,
    );

describe('shipping client quotes', () => {
  it("tells the customer in its own words that the address cannot be shipped to, with shipping's problems", async () => {
    const problems = [{ location: 'body', path: 'postalCode', message: 'letters, digits, spaces and dashes' }];
    const error = await refusal(400, { error: { code: 'validation_failed', message: 'Request validation failed', details: problems } });
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'address_not_shippable', status: 400, message: 'We cannot ship to this address', details: problems });
  });

  it.each([
    ['no body', undefined],
    ['plain text', 'Bad Request'],
    ['an error without a message', { error: { code: 'x' } }],
    ['null error', { error: null }],
  ])('refuses the address without details when the 400 body is %s, never a TypeError', async (_label, body) => {
    const error = await refusal(400, body);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'address_not_shippable', status: 400, message: 'We cannot ship to this address' });
    expect((error as AppError).details).toBeUndefined();
  });

  it('returns the quotes of a 200 answer', async () => {
    const quotes = [{ method: 'standard', amount: 4.99, currency: 'USD', estimatedDays: 5 }];
    expect(await answering(200, { quotes }).quote({ country: 'US', postalCode: '12345', weightKg: 1 })).toEqual(quotes);
  });
});
