// Anonymous shoppers looking around: the home listing, a category, a search that finds things and
// one that finds nothing, a product page. Catalogue routes are rate-limited per client IP at the
// gateway, so each journey makes one or two of them (docs/decisions/013 has the arithmetic).
import { ROUTES } from '../shop-routes.ts';
import { readProductPage, readSuggestions } from '../shop-responses.ts';
import type { Journey, JourneyContext } from './journey.ts';
import { viewProduct } from './shopper.ts';

async function listing(context: JourneyContext, query: string): Promise<number> {
  const answer = await context.call({ route: ROUTES.products, path: `/api/products?${query}`, expect: { 200: true }, read: readProductPage });
  const page = answer.data!;
  context.catalog.learn(page.items);
  return page.items.length;
}

export const browse: Journey = {
  name: 'browse',
  description: 'the catalogue listing, sometimes the next page',
  weight: 18,
  async run(context) {
    // Most visitors stay on the first page; a few arrive deeper (a shared link, the back button).
    const page = context.random.chance(0.7) ? 1 : 2 + context.random.int(4);
    await listing(context, `page=${page}&limit=20`);
    if (context.random.chance(0.3)) {
      await context.think();
      await listing(context, `page=${page + 1}&limit=20`);
    }
  },
};

export const category: Journey = {
  name: 'category',
  description: 'one category, listed or searched by rating',
  weight: 10,
  async run(context) {
    const name = context.catalog.pickCategory(context.random) ?? 'books';
    if (context.random.chance(0.5)) {
      await listing(context, `category=${encodeURIComponent(name)}&page=1&limit=20`);
    } else {
      const answer = await context.call({
        route: ROUTES.search,
        path: `/api/search?category=${encodeURIComponent(name)}&sort=rating_desc&limit=20`,
        expect: { 200: true },
        read: readProductPage,
      });
      context.catalog.learn(answer.data!.items);
    }
    if (context.random.chance(0.3)) {
      await context.think();
      await listing(context, `category=${encodeURIComponent(name)}&page=2&limit=20`);
    }
  },
};

export const search: Journey = {
  name: 'search',
  description: 'type-ahead, a search that finds products, sometimes a result opened',
  weight: 10,
  async run(context) {
    const term = context.catalog.pickTerm(context.random);
    if (context.random.chance(0.5)) {
      await context.call({ route: ROUTES.suggest, path: `/api/search/suggest?q=${encodeURIComponent(term.slice(0, 3))}`, expect: { 200: true }, read: readSuggestions });
      await context.think();
    }
    const answer = await context.call({ route: ROUTES.search, path: `/api/search?q=${encodeURIComponent(term)}&limit=20`, expect: { 200: true }, read: readProductPage });
    const results = answer.data!;
    // The term comes from product names and brands the shop listed: finding nothing is a broken search.
    if (results.total === 0) context.fail(`search for "${term}" found nothing, though products carry that word`);
    context.catalog.learn(results.items);
    if (context.random.chance(0.25) && results.items.length > 0) {
      await context.think();
      await viewProduct(context, context.random.pick(results.items).id);
    }
  },
};

export const searchNoResults: Journey = {
  name: 'search-no-results',
  description: 'a search for a word no product has',
  weight: 4,
  async run(context) {
    // Consonants and digits: no product word is within Elasticsearch's fuzziness of it.
    const term = `qzx${context.random.int(100_000)}vk`;
    const answer = await context.call({ route: ROUTES.search, path: `/api/search?q=${term}`, expect: { 200: true }, read: readProductPage });
    if (answer.data!.total !== 0) context.fail(`search for "${term}" found ${answer.data!.total} products`);
    context.outcome('no_results');
  },
};

export const viewProductPage: Journey = {
  name: 'view-product',
  description: 'a product page, landed on from a link',
  weight: 16,
  async run(context) {
    await viewProduct(context);
  },
};

/**
 * Before the clock starts: the first five listing pages (500 products), so journeys know real
 * product ids, categories and words. Counted like any journey, so the route totals stay complete.
 */
export const setup: Journey = {
  name: 'setup',
  description: 'reads the catalogue once at start-up',
  weight: 0,
  async run(context) {
    for (let page = 1; page <= 5; page++) {
      if ((await listing(context, `page=${page}&limit=100`)) < 100) break;
    }
  },
};
