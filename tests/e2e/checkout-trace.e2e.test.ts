import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getTrace, newTraceContext, sameId, traceCheckFailures, waitFor, type AgentSpan } from '@shopfast/test-kit';
import { api, checkoutBody, newCustomer, setStock } from './shop-client';
import { spanTree } from './span-tree';
import { renderShape, traceShape } from './trace-shape';

/**
 * The checkout trace must tell the business story end to end (issue: observability depth). Its shape
 * is kept in snapshots/checkout-trace.shape.txt and compared on every run; regenerate it with
 * SHOPFAST_UPDATE_SNAPSHOTS=1 after an intended change, and review the diff like code.
 */
const SNAPSHOT = join(__dirname, 'snapshots', 'checkout-trace.shape.txt');
const SERVICES = ['gateway', 'user', 'cart', 'inventory', 'payment', 'order', 'shipping', 'notification'];
const PRODUCTS = ['p-0011', 'p-0012'];

async function checkoutWithTrace(cardNumber: string) {
  const customer = await newCustomer('trace');
  for (const [index, productId] of PRODUCTS.entries()) {
    await setStock(`SKU-${productId === 'p-0011' ? 'SPO' : 'TOY'}-${productId.slice(2)}`, 500).catch(() => undefined);
    const added = await api('/api/cart/items', { method: 'POST', token: customer.token, body: { productId, quantity: index + 1 } });
    expect(added.status).toBe(200);
  }
  const context = newTraceContext();
  const response = await api('/api/checkout', {
    method: 'POST',
    token: customer.token,
    body: checkoutBody(cardNumber),
    headers: { ...context.headers, 'idempotency-key': `trace-${context.traceId}` },
  });
  return { customer, context, response };
}

const named = (spans: AgentSpan[], name: string) => spans.filter((span) => span.name === name);

describe('the checkout trace', () => {
  it('is one trace through all eight services with the business spans, parent links and tags, matching the stored shape', async () => {
    const { customer, context, response } = await checkoutWithTrace('4242424242424242');
    expect(response.status, JSON.stringify(response.body)).toBe(201);

    // Spans arrive per service and per flush; wait until the e-mail step (the last one) is in.
    let spans: AgentSpan[] = [];
    const expected = existsSync(SNAPSHOT) ? readFileSync(SNAPSHOT, 'utf8') : undefined;
    await waitFor('the complete checkout trace', async () => {
      spans = await getTrace(context.traceId);
      const services = new Set(spans.map((span) => span.service));
      const complete = SERVICES.every((service) => services.has(service)) && spans.some((span) => span.name === 'notification.send_email');
      if (!complete) return undefined;
      return expected === undefined || renderShape(traceShape(spans)) === expected ? true : undefined;
    }, 30_000).catch(() => undefined);

    const shape = renderShape(traceShape(spans));
    if (process.env.SHOPFAST_UPDATE_SNAPSHOTS === '1' || expected === undefined) {
      mkdirSync(join(__dirname, 'snapshots'), { recursive: true });
      writeFileSync(SNAPSHOT, shape);
    }
    expect(shape).toBe(readFileSync(SNAPSHOT, 'utf8'));

    const services = new Set(spans.map((span) => span.service));
    for (const service of SERVICES) expect(services, service).toContain(service);

    const tree = spanTree(spans);
    const gatewayRequest = tree.find((s) => s.service === 'gateway' && s.name === 'express.request', 'gateway request');
    expect(sameId(gatewayRequest.parent_id, context.parentId)).toBe(true);
    for (const name of ['gateway.authenticate', 'gateway.rate_limit']) {
      expect(tree.parentOf(tree.find((s) => s.name === name, name))?.span_id).toEqual(gatewayRequest.span_id);
    }
    const checkout = tree.find((s) => s.name === 'ecommerce.checkout', 'ecommerce.checkout');
    expect(tree.descendsFrom(checkout, gatewayRequest)).toBe(true);
    for (const step of ['checkout.validate_user', 'checkout.calculate_total', 'checkout.reserve_inventory', 'checkout.process_payment', 'checkout.update_inventory']) {
      expect(tree.parentOf(tree.find((s) => s.name === step, step))?.span_id, step).toEqual(checkout.span_id);
    }
    const charge = tree.find((s) => s.name === 'payment.charge', 'payment.charge');
    expect(tree.descendsFrom(charge, tree.find((s) => s.name === 'checkout.process_payment', 'process_payment'))).toBe(true);
    for (const step of ['payment.fraud_check', 'payment.bank_authorization', 'payment.transaction_log']) {
      expect(tree.parentOf(tree.find((s) => s.name === step, step))?.span_id, step).toEqual(charge.span_id);
    }
    const email = tree.find((s) => s.name === 'notification.send_email', 'send_email');
    expect(tree.descendsFrom(email, tree.find((s) => s.name === 'event.publish' && s.service === 'order', 'order event.publish'))).toBe(true);

    // Business tags and metrics (numbers go to span metrics).
    expect(checkout.meta).toMatchObject({ 'user.id': customer.userId, 'order.id': response.body.orderId, 'payment.method': 'credit_card', 'payment.status': 'approved', 'checkout.currency': 'USD' });
    expect(checkout.metrics).toMatchObject({ 'cart.item_count': 3, 'checkout.amount': response.body.total, 'inventory.items_updated': 2 });
    expect(named(spans, 'checkout.process_payment')[0]?.meta['payment.status']).toBe('approved');
    expect(named(spans, 'checkout.calculate_total')[0]?.metrics['cart.item_count']).toBe(3);
    for (const span of spans) {
      expect(span.meta.env, `${span.service}/${span.name}`).toBe('local');
      expect(span.error ?? 0, `${span.service}/${span.name} is not an error`).toBe(0);
    }
    // Database Monitoring: every SQL statement carried the trace context.
    for (const sql of named(spans, 'postgresql.query')) expect(sql.meta['_dd.dbm_trace_injected'], sql.resource).toBe('true');

    expect(await traceCheckFailures()).toEqual([]);
  });

  it('marks the payment step as the error of a declined checkout, which still answers 402 and not 500', async () => {
    const { context, response } = await checkoutWithTrace('4000000000000002');
    expect(response.status).toBe(402);
    const spans = await waitFor('the declined checkout trace', async () => {
      const all = await getTrace(context.traceId);
      const gatewayIn = all.some((s) => s.service === 'gateway' && s.name === 'express.request');
      return gatewayIn && all.some((s) => s.name === 'checkout.process_payment') && all.some((s) => s.name === 'payment.charge') ? all : undefined;
    });
    const payment = named(spans, 'checkout.process_payment')[0]!;
    expect(payment.error).toBe(1);
    expect(payment.meta).toMatchObject({ 'error.type': 'PaymentDeclinedError', 'payment.status': 'declined', 'payment.decline_reason': 'card_declined' });
    expect(payment.meta['error.message']).toContain('card_declined');
    expect(payment.meta['error.stack']).toContain('PaymentDeclinedError');
    expect(named(spans, 'payment.charge')[0]?.meta).toMatchObject({ 'payment.status': 'declined', 'payment.decline_reason': 'card_declined' });
    const gatewayRequest = spans.find((s) => s.service === 'gateway' && s.name === 'express.request')!;
    expect(gatewayRequest.error ?? 0).toBe(0);
    expect(gatewayRequest.meta['http.status_code']).toBe('402');
  });
});
