import { describe, expect, it } from 'vitest';
import { decodeEvent, fieldsToRecord } from './envelope';
import { MalformedEventError } from './errors';
import { deterministicEventId } from './event-id';

const valid = { id: 'e-1', type: 'order.placed', occurredAt: '2025-01-01T00:00:00.000Z', data: '{"orderId":"o-1"}', source: 'order' };

describe('decoding a stream entry', () => {
  it('reads the contract fields and parses data and trace', () => {
    const { event, trace } = decodeEvent('s', '1-0', { ...valid, trace: '{"x-datadog-trace-id":"123","junk":5}' });
    expect(event).toEqual({ id: 'e-1', type: 'order.placed', occurredAt: valid.occurredAt, source: 'order', data: { orderId: 'o-1' }, stream: 's', entryId: '1-0' });
    expect(trace).toEqual({ 'x-datadog-trace-id': '123' });
  });

  it('treats a missing or broken trace field as no context instead of failing the event', () => {
    expect(decodeEvent('s', '1-0', valid).trace).toEqual({});
    expect(decodeEvent('s', '1-0', { ...valid, trace: '[1,2' }).trace).toEqual({});
    expect(decodeEvent('s', '1-0', { ...valid, trace: '["a"]' }).trace).toEqual({});
  });

  it.each([
    ['no id', { ...valid, id: '' }],
    ['no type', { ...valid, type: undefined }],
    ['a bad timestamp', { ...valid, occurredAt: 'yesterday' }],
    ['no data', { ...valid, data: undefined }],
    ['data that is not JSON', { ...valid, data: '{oops' }],
  ])('rejects an entry with %s as malformed', (_, fields) => {
    expect(() => decodeEvent('s', '1-0', fields as Record<string, string>)).toThrow(MalformedEventError);
  });

  it('pairs the flat field list Redis returns', () => {
    expect(fieldsToRecord(['a', '1', 'b', '2'])).toEqual({ a: '1', b: '2' });
  });
});

describe('deterministic event ids', () => {
  it('gives the same uuid for the same parts and a different one otherwise', () => {
    const id = deterministicEventId('shipment.updated', 'order-1', 'in_transit');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicEventId('shipment.updated', 'order-1', 'in_transit')).toBe(id);
    expect(deterministicEventId('shipment.updated', 'order-1', 'delivered')).not.toBe(id);
    expect(deterministicEventId('a', 'bc')).not.toBe(deterministicEventId('ab', 'c'));
  });
});
