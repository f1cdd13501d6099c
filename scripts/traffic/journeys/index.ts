// The shopper mix: every journey with its share of arrivals. The weights are a demo shop's day
// (mostly looking, about one journey in nine paying), bounded at 20 journeys/s by the gateway's
// per-IP budgets and by the checkouts a 2-core local stack carries (docs/decisions/013).
// --mix picks a subset or other weights.
import { abandonCart, addToCartJourney } from './cart-journeys.ts';
import { browse, category, search, searchNoResults, setup, viewProductPage } from './catalog-journeys.ts';
import { checkout, checkoutDeclined, checkoutRetry } from './checkout-journeys.ts';
import { logInJourney, signUpJourney, viewOrders } from './account-journeys.ts';
import type { Journey } from './journey.ts';

export const JOURNEYS: readonly Journey[] = [
  browse,
  category,
  search,
  searchNoResults,
  viewProductPage,
  addToCartJourney,
  abandonCart,
  signUpJourney,
  logInJourney,
  checkout,
  checkoutDeclined,
  viewOrders,
  checkoutRetry,
];

export const SETUP_JOURNEY: Journey = setup;

export const JOURNEY_NAMES: readonly string[] = JOURNEYS.map((journey) => journey.name);

/** The journeys of a run with their weights: all of them by default, or the --mix selection. */
export function journeyMix(weights?: ReadonlyMap<string, number>): Array<{ weight: number; value: Journey }> {
  if (!weights) return JOURNEYS.map((journey) => ({ weight: journey.weight, value: journey }));
  return JOURNEYS.filter((journey) => weights.has(journey.name)).map((journey) => ({ weight: weights.get(journey.name)!, value: journey }));
}
