/**
 * Payment-only card logic. The card rules every party shares (normalising, Luhn, expiry, the brand from
 * the IIN prefix, the card schema) are @shopfast/contracts' (card.ts there); re-exported so the domain
 * reads one vocabulary.
 */
export { cardBrand, isCardExpired as isExpired, normaliseCardNumber, passesLuhn, type CardBrand } from '@shopfast/contracts';
