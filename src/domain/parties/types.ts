import type { Dec } from '../shared/money.js';

/**
 * The party contract every surface maps to (Siba customers, Chortke persons, /daftar/v1 parties,
 * Hesabfa contacts later): one party table, one ledger detail account per party.
 */
export type PartyKind = 'person' | 'company';

/** What a party is to the business. One role per party today (the table holds one). */
export type PartyRole = 'customer' | 'supplier' | 'serviceProvider' | 'employee';
export const PARTY_ROLES: readonly PartyRole[] = ['customer', 'supplier', 'serviceProvider', 'employee'];

export interface Phone {
  id: number;
  tel: string;
  caption: string;
  isPrimary: boolean;
}

export interface Party {
  id: number;
  code: string;
  detailId: number;
  kind: PartyKind;
  roles: PartyRole[];
  prefix: string;
  firstName: string;
  lastName: string;
  nickName: string;
  /** Derived: prefix + firstName + lastName, or nickName/companyName when those are empty. */
  fullName: string;
  companyName: string;
  companyAddress: string;
  groupId: number | null;
  /** Jalali 'YYYY/MM/DD' or null. */
  birthDate: string | null;
  country: string;
  province: string;
  city: string;
  address: string;
  postalCode: string;
  email: string;
  website: string;
  comment: string;
  economicCode: string;
  /** A person's کد ملی (10 digits) or a company's شناسه ملی (11). */
  nationalId: string;
  registrationNumber: string;
  bankName: string;
  bankAccountNumber: string;
  cardNumber: string;
  sheba: string;
  cashCredit: string;
  chequeCredit: string;
  financialCredit: string;
  /** A sales visitor, paid `visitorRate` percent. */
  visitor: boolean;
  visitorRate: string;
  courier: boolean;
  /** Which of a product's price levels this party buys and sells at. */
  buyPriceTier: number;
  sellPriceTier: number;
  jobPosition: string;
  salary: string;
  contractStart: string;
  contractEnd: string;
  contractDescription: string;
  commission: string;
  tax: string;
  /** Current opening balance (positive: the party owes the business). */
  openingBalance: string;
  /** Ledger balance of the party's detail account: receivable minus payable. */
  balance: string;
  active: boolean;
  /** The primary number first. */
  phones: Phone[];
  /** A client's own key for the party (Hesabfa's contact Tag), kept byte for byte. */
  tag: string;
}

/** Fields to create or change a party: absent (undefined) = leave as is / default. */
export interface PartyInput {
  code?: string;
  kind?: PartyKind;
  /** Exactly one role today. */
  roles?: PartyRole[];
  prefix?: string;
  /**
   * The printed name in one piece, for callers that do not split it: a company's name, or a
   * person's whole name (kept as the last name, first name empty). Not with the parts.
   */
  name?: string;
  firstName?: string;
  lastName?: string;
  nickName?: string;
  companyName?: string;
  companyAddress?: string;
  groupId?: number | null;
  /** Gregorian or Jalali, as parseDate reads it; null clears. */
  birthDate?: string | null;
  country?: string;
  province?: string;
  city?: string;
  address?: string;
  postalCode?: string;
  email?: string;
  website?: string;
  comment?: string;
  economicCode?: string;
  nationalId?: string;
  registrationNumber?: string;
  bankName?: string;
  bankAccountNumber?: string;
  cardNumber?: string;
  sheba?: string;
  cashCredit?: Dec;
  chequeCredit?: Dec;
  financialCredit?: Dec;
  visitor?: boolean;
  visitorRate?: Dec;
  courier?: boolean;
  buyPriceTier?: number;
  sellPriceTier?: number;
  jobPosition?: string;
  salary?: string;
  contractStart?: string;
  contractEnd?: string;
  contractDescription?: string;
  commission?: string;
  tax?: string;
  /** Replaces the opening balance with a reversing + new opening voucher. */
  openingBalance?: Dec;
  active?: boolean;
  /** The primary phone: set as is_primary ('' removes it). */
  mobile?: string;
  /** Other phones: each replaces the non-primary number with the same caption ('' removes it). */
  phones?: { tel: string; caption: string }[];
  /** Kept as sent (never trimmed); '' clears it. */
  tag?: string;
}

export interface PartyFilter {
  code?: string;
  /** matches any of the party's phones, digits normalised */
  phone?: string;
  /** contains, Persian-normalised */
  name?: string;
  role?: PartyRole;
  /** Parties with this phone (digits normalised, exactly) or this email (case-insensitive): either matches. */
  phoneOrEmail?: { phones?: string[]; email?: string };
  offset?: number;
  limit?: number;
}
