import { INVOICING_MESSAGES } from './invoicing.js';
import { CATALOG_MESSAGES } from './catalog.js';
import { STOCK_MESSAGES } from './stock.js';
import { PARTIES_MESSAGES } from './parties.js';
import { MONEY_MESSAGES } from './money.js';
import { LEDGER_MESSAGES } from './ledger.js';
import { REPORTS_MESSAGES } from './reports.js';
import { USERS_MESSAGES } from './users.js';
import { AUDIT_MESSAGES } from './audit.js';
import { BACKUP_MESSAGES } from './backup.js';
import { SHARED_MESSAGES } from './shared.js';
// i8
import { MOADIAN_MESSAGES } from './moadian.js';
import { IMPORTS_MESSAGES } from './imports.js';
// issue 21
import { CHANGES_MESSAGES } from './changes.js';

/**
 * Every module's messages, assembled into the one catalogue (src/domain/errors.ts). Keys are
 * unique across modules (the compiler does not check that a spread overwrites: a test does).
 */
export const MODULE_MESSAGES = {
  ...INVOICING_MESSAGES,
  ...CATALOG_MESSAGES,
  ...STOCK_MESSAGES,
  ...PARTIES_MESSAGES,
  ...MONEY_MESSAGES,
  ...LEDGER_MESSAGES,
  ...REPORTS_MESSAGES,
  ...USERS_MESSAGES,
  ...AUDIT_MESSAGES,
  ...BACKUP_MESSAGES,
  ...SHARED_MESSAGES,
  // i8
  ...MOADIAN_MESSAGES,
  ...IMPORTS_MESSAGES,
  ...CHANGES_MESSAGES,
} as const;

export const MESSAGE_TABLES = { invoicing: INVOICING_MESSAGES, catalog: CATALOG_MESSAGES, stock: STOCK_MESSAGES, parties: PARTIES_MESSAGES, money: MONEY_MESSAGES, ledger: LEDGER_MESSAGES, reports: REPORTS_MESSAGES, users: USERS_MESSAGES, audit: AUDIT_MESSAGES, backup: BACKUP_MESSAGES, shared: SHARED_MESSAGES, moadian: MOADIAN_MESSAGES, imports: IMPORTS_MESSAGES, changes: CHANGES_MESSAGES } as const;
