import { describe, expect, it } from 'vitest';
import { conversionRatePercent, revenuePerCurrency } from './business-gauges';

describe('revenue per minute', () => {
  it('reports 0 for a currency the shop sells in that sold nothing, so a drop is a zero and not a gap', () => {
    expect(revenuePerCurrency([], ['USD'])).toEqual([{ currency: 'USD', total: 0 }]);
  });

  it('reports what sold, including a currency outside the configured list', () => {
    expect(revenuePerCurrency([{ currency: 'EUR', total: 12.5 }, { currency: 'USD', total: 89.94 }], ['USD', 'GBP'])).toEqual([
      { currency: 'USD', total: 89.94 },
      { currency: 'GBP', total: 0 },
      { currency: 'EUR', total: 12.5 },
    ]);
  });
});

describe('conversion rate', () => {
  it('is the confirmed share of the attempts in percent, to two decimals', () => {
    expect(conversionRatePercent({ attempts: 4, confirmed: 2 })).toBe(50);
    expect(conversionRatePercent({ attempts: 3, confirmed: 2 })).toBe(66.67);
    expect(conversionRatePercent({ attempts: 5, confirmed: 0 })).toBe(0);
    expect(conversionRatePercent({ attempts: 7, confirmed: 7 })).toBe(100);
  });

  it('is no value at all without attempts: nothing to convert is not 0 %', () => {
    expect(conversionRatePercent({ attempts: 0, confirmed: 0 })).toBeNull();
  });
});
