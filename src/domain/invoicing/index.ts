// Invoicing: the one place every surface posts, reads and voids invoices.
export * from './types.js';
export { computeInvoice, computeLine, type ComputeInput, type ComputeLineInput, type ComputedInvoice, type ComputedLine } from './compute.js';
export { postInvoice, previewInvoice } from './post.js';
export { readInvoiceInput, type ReadInvoice } from './read-input.js';
export { loadPostingContext, type PostingContext } from './context.js';
export { resolveLines, type ResolvedInvoice, type ResolvedLine } from './resolve.js';
export { loadOriginal } from './original.js';
export { checkReturnAgainstOriginal, type OriginalInvoice } from './return-check.js';
export { planStockMovements } from './stock-plan.js';
export { stockLinesOf, STOCK_SIGN } from './stock-lines.js';
export { buildInvoiceVoucher } from './voucher.js';
export { draftInvoice, invoiceLines } from './draft.js';
export { writeInvoice } from './write.js';
export { voidInvoice } from './void.js';
export { getInvoice, listInvoices } from './read.js';
export { saveInvoiceByNumber, findInvoiceByNumber } from './replace.js';
export { warehouseIdsForCodes } from './warehouse-codes.js';
export { vatRateOn, defaultVatRate, DEFAULT_VAT_RATES } from './vat.js';
