/** A shopping cart: line items in cents, a discount code, totals with tax. */

export const DISCOUNTS = { WELCOME10: 0.1, HALF: 0.5 }

export class Cart {
  constructor(currency = 'EUR') {
    if (!/^[A-Z]{3}$/.test(currency)) throw new Error(`unknown currency "${currency}"`)
    this.currency = currency
    this.items = []
    this.discount = 0
  }

  /** Adds `quantity` of a product at `priceCents` each; adding the same sku again raises its quantity. */
  add(sku, priceCents, quantity = 1) {
    if (typeof sku !== 'string' || sku === '') throw new TypeError('sku must be a non-empty string')
    if (!Number.isInteger(priceCents) || priceCents < 0) throw new RangeError('priceCents must be a whole number of cents')
    if (!Number.isInteger(quantity) || quantity < 1) throw new RangeError('quantity must be at least 1')
    const line = this.items.find((item) => item.sku === sku)
    if (line) line.quantity += quantity
    else this.items.push({ sku, priceCents, quantity })
    return this
  }

  /** Removes a product; returns whether it was in the cart. */
  remove(sku) {
    const index = this.items.findIndex((item) => item.sku === sku)
    if (index === -1) return false
    this.items.splice(index, 1)
    return true
  }

  applyDiscount(code) {
    const rate = DISCOUNTS[code]
    if (rate === undefined) throw new Error(`unknown discount code "${code}"`)
    this.discount = rate
    return rate
  }

  subtotal() {
    return this.items.reduce((sum, item) => sum + item.priceCents * item.quantity, 0)
  }

  /** The total in cents after the discount, with `taxRate` (e.g. 0.2) added, rounded to a cent. */
  total(taxRate = 0) {
    if (taxRate < 0 || taxRate > 1) throw new RangeError('taxRate must be between 0 and 1')
    const discounted = this.subtotal() * (1 - this.discount)
    return Math.round(discounted * (1 + taxRate))
  }
}

export function formatCents(cents, currency = 'EUR') {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} ${currency}`
}
