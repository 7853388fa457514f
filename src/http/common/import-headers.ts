import type { ExtraHeaders } from '../../domain/imports/kinds.js';

/**
 * The other vendors' words for the fields an import reads (issue 24): the headers of Hesabfa's
 * and Siba's product and contact exports and the field names of their web services and
 * Chortke's (../shared/seeds/), as each surface speaks them. The domain matches its own Persian
 * and English names (src/domain/imports/kinds.ts); a route passes these in.
 */
export const VENDOR_IMPORT_HEADERS: ExtraHeaders = {
  products: {
    code: ['accountingCode', 'ItemCode', 'productCode'],
    name: ['itemName', 'productName'],
    kind: ['ItemType', 'itemType', 'isProduct'],
    unit: ['unitName'],
    group: ['groupName', 'NodeFamily', 'NodeName'],
    barcodes: ['Barcode'],
    sellPrice: ['SellPrice'],
    buyPrice: ['BuyPrice'],
  },
  parties: {
    code: ['accountingCode', 'customerCode', 'ContactCode'],
    kind: ['personTypeId'],
  },
  openingStock: {
    productCode: ['ItemCode', 'itemCode', 'accountingCode'],
    warehouse: ['warehouseCode'],
  },
  openingBalances: {
    partyCode: ['customerCode', 'ContactCode', 'accountingCode'],
  },
};
