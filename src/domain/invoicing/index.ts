// Invoicing: the one place every surface posts, reads and voids invoices (factors).
export * from './types.js';
export { computeInvoice, computeLine, type ComputeInput, type ComputeLineInput, type ComputedInvoice, type ComputedLine } from './compute.js';
export { postInvoice, STOCK_SIGN } from './post.js';
export { voidInvoice } from './void.js';
export { getInvoice, listInvoices } from './read.js';
export { vatRateOn, defaultVatRate, DEFAULT_VAT_RATES } from './vat.js';
