import type { Shipment } from '../api/types';

const LABELS: Record<string, string> = {
  label_created: 'Label created',
  in_transit: 'In transit',
  delivered: 'Delivered',
};
const STEPS = ['label_created', 'in_transit', 'delivered'];

export const shipmentLabel = (status: string): string => LABELS[status] ?? status.replace(/_/g, ' ');

/** A three-step tracker: label created → in transit → delivered. */
export function ShipmentTracker({ shipment }: { shipment: Shipment | null | undefined }) {
  if (!shipment) {
    return <p className="muted">Preparing your shipment. Tracking appears here as soon as the parcel has a label.</p>;
  }
  const reached = STEPS.indexOf(shipment.status);
  return (
    <div className="tracker">
      <ol className="tracker__steps">
        {STEPS.map((step, i) => (
          <li key={step} className={i <= reached ? 'is-done' : undefined} aria-current={i === reached ? 'step' : undefined}>
            <span className="tracker__dot" aria-hidden="true" />
            <span>{shipmentLabel(step)}</span>
          </li>
        ))}
      </ol>
      <p className="muted small">
        {shipment.carrier} · tracking number <span className="mono">{shipment.trackingNumber}</span>
      </p>
    </div>
  );
}
