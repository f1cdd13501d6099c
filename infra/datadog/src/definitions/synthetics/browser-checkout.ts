// The checkout journey in a real browser: sign up, find the cheapest product in stock, add it, check out with
// the approved test card and see the confirmation. Selectors are the storefront's own ids and classes
// (web/src/pages/auth-pages.tsx, search-page.tsx, product-page.tsx, cart-page.tsx, checkout-page.tsx,
// order-page.tsx, app/layout.tsx), the same ones web/e2e/shop-journey.browser.test.ts drives.
import type { v1 } from '@datadog/datadog-api-client';
import type { DefinitionSettings, SyntheticsBrowserDefinition } from '../types';
import { APPROVED_TEST_CARD, STOREFRONT_SYNTHETIC_QUERY, SYNTHETIC_REQUEST_HEADERS, WRITE_LOCATIONS, shopUrl, testMessage, testName, testOptions, testTags } from './common';

/** An element found by a CSS selector; the test fails at once when it is not there. */
const css = (selector: string) => ({ userLocator: { failTestOnCannotLocate: true, values: [{ type: 'css', value: selector }] } });

const goTo = (name: string, url: string): v1.SyntheticsStep => ({ name, type: 'goToUrl', params: { value: url }, allowFailure: false, isCritical: true });
const typeText = (name: string, selector: string, value: string): v1.SyntheticsStep => ({ name, type: 'typeText', params: { element: css(selector), value }, allowFailure: false, isCritical: true });
const click = (name: string, selector: string): v1.SyntheticsStep => ({ name, type: 'click', params: { element: css(selector) }, allowFailure: false, isCritical: true });
const present = (name: string, selector: string): v1.SyntheticsStep => ({ name, type: 'assertElementPresent', params: { element: css(selector) }, allowFailure: false, isCritical: true });
const contains = (name: string, selector: string, text: string): v1.SyntheticsStep => ({
  name,
  type: 'assertElementContent',
  params: { element: css(selector), check: 'contains', value: text },
  allowFailure: false,
  isCritical: true,
});
const urlContains = (name: string, text: string): v1.SyntheticsStep => ({ name, type: 'assertCurrentUrl', params: { check: 'contains', value: text }, allowFailure: false, isCritical: true });

/** The steps, in order; exported so a test can check every selector against the storefront's source. */
export function checkoutJourneySteps(settings: DefinitionSettings): v1.SyntheticsStep[] {
  return [
    goTo('Open the storefront as a synthetic visit', shopUrl(settings, `/signup?${STOREFRONT_SYNTHETIC_QUERY}`)),
    typeText('Type the name', '#auth-name', 'Synthetic Shopper'),
    typeText('Type a new e-mail address', '#auth-email', '{{ EMAIL }}'),
    typeText('Type a password', '#auth-password', '{{ PASSWORD }}'),
    click('Create the account', '.auth-card button[type="submit"]'),
    contains('The header greets the new customer', '.account-nav__hello', 'Hi, Synthetic'),
    goTo('Search the cheapest products in stock', shopUrl(settings, '/search?inStock=true&sort=price_asc')),
    click('Open the first product', '.product-grid .product-card__link'),
    click('Add it to the cart', '.add-to-cart button.button'),
    contains('The product page confirms it', '.notice--success', 'Added 1 to your cart'),
    click('Open the cart', 'a.cart-link'),
    present('The cart has a line', '.cart-line'),
    click('Proceed to checkout', 'a[href="/checkout"]'),
    typeText('Full name', '#checkout-name', 'Synthetic Shopper'),
    typeText('Street address', '#checkout-line1', '1 Monitoring Way'),
    typeText('City', '#checkout-city', 'New York'),
    typeText('Postal code', '#checkout-postalCode', '10001'),
    click('Choose standard shipping', 'input[name="shippingMethod"][value="standard"]'),
    typeText('Card number', '#checkout-cardNumber', APPROVED_TEST_CARD),
    typeText('Expiry', '#checkout-expiry', '12/39'),
    typeText('Security code', '#checkout-cvc', '123'),
    click('Place the order', '.checkout-form button[type="submit"]'),
    contains('The order is confirmed', '#confirmation-heading', 'Thank you! Your order is confirmed.'),
    urlContains('The confirmation is the order page', '/orders/'),
  ];
}

export function browserCheckoutTest(settings: DefinitionSettings): SyntheticsBrowserDefinition {
  const key = 'synthetics-browser-checkout';
  return {
    kind: 'synthetics-browser',
    key,
    body: {
      type: 'browser',
      name: testName(settings, 'Storefront: sign up and buy in the browser'),
      message: testMessage(settings, 'critical', 'Synthetic browser test failing: sign up and buy', 'The checkout journey fails in a real browser (storefront, API or payment).'),
      locations: WRITE_LOCATIONS,
      tags: testTags(settings, { key, tier: 'critical', service: 'shopfast-web', alert: 'frontend' }),
      status: 'live',
      options: { ...testOptions('critical', 1_800), deviceIds: ['chrome.laptop_large'] },
      config: {
        // The start page, and headers the browser sends with every request of the test.
        request: { method: 'GET', url: shopUrl(settings, '/'), headers: { ...SYNTHETIC_REQUEST_HEADERS } },
        assertions: [],
        variables: [
          { name: 'EMAIL', type: 'text', pattern: 'synthetics-{{ numeric(12) }}@example.com', example: 'synthetics-123456789012@example.com' },
          // Secure: no example (Datadog never returns one, so an example would differ on every plan).
          { name: 'PASSWORD', type: 'text', pattern: '{{ alphanumeric(20) }}', secure: true },
        ],
      },
      steps: checkoutJourneySteps(settings),
    },
  };
}
