import { useEffect } from 'react';
import { useRuntimeConfig } from '../state/config-context';
import { telemetry } from '../telemetry/rum';

/** Shown when the `express_shipping_banner` flag is on; each evaluation is recorded in RUM. */
export function ExpressShippingBanner() {
  const enabled = useRuntimeConfig().features.express_shipping_banner === true;
  useEffect(() => {
    telemetry.flag('express_shipping_banner', enabled);
  }, [enabled]);
  if (!enabled) return null;
  return (
    <p className="notice notice--promo">
      <strong>Need it sooner?</strong> Choose express shipping at checkout and get it in 2 days.
    </p>
  );
}
