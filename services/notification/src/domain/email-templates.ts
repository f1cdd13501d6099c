import type { NotificationKind } from '@shopfast/contracts';
import type { OrderPlacedData, ShipmentUpdatedData } from '@shopfast/events';
import type { OutgoingEmail } from '../clients/smtp-mailer';

const money = (amount: number, currency: string) => `${(Math.round(amount * 100) / 100).toFixed(2)} ${currency}`;

/** Plain text only: nothing from an order can become markup or a header. */
export function orderConfirmation(order: OrderPlacedData): Omit<OutgoingEmail, 'to'> {
  const lines = order.items.map((item) => `  ${item.quantity} x ${item.name} (${item.sku})  ${money(item.quantity * item.unitPrice, order.currency)}`);
  return {
    subject: `Your ShopFast order ${order.orderId} is confirmed`,
    text: [
      `Hello ${order.customerName},`,
      '',
      `Thank you for your order ${order.orderId}. Here is what you bought:`,
      '',
      ...lines,
      '',
      `Total: ${money(order.total, order.currency)}`,
      '',
      `It will ship by ${order.shippingMethod} delivery; we will write again when it is on its way.`,
      '',
      'ShopFast',
    ].join('\n'),
  };
}

/**
 * What we mail about a shipment (the kinds are the contract's NotificationKind). label_created gets no
 * e-mail: the confirmation was just sent, a "label printed" mail is noise.
 */
export function shipmentUpdate(shipment: ShipmentUpdatedData): { kind: NotificationKind; subject: string; text: string } | null {
  if (shipment.status === 'in_transit') {
    return {
      kind: 'shipment_in_transit',
      subject: `Your ShopFast order ${shipment.orderId} is on its way`,
      text: [
        'Hello,',
        '',
        `Your order ${shipment.orderId} has left our warehouse with ${shipment.carrier}.`,
        `Tracking number: ${shipment.trackingNumber}`,
        '',
        'ShopFast',
      ].join('\n'),
    };
  }
  if (shipment.status === 'delivered') {
    return {
      kind: 'shipment_delivered',
      subject: `Your ShopFast order ${shipment.orderId} has been delivered`,
      text: ['Hello,', '', `${shipment.carrier} reports your order ${shipment.orderId} as delivered (tracking number ${shipment.trackingNumber}).`, 'Enjoy!', '', 'ShopFast'].join('\n'),
    };
  }
  return null;
}
