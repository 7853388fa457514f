import type { Dec } from '../shared/money.js';

/**
 * The party contract shared by Siba customers and Chortke persons (and Hesabfa contacts later):
 * one party table, one ledger detail account per party.
 */
export type PartyType = 'customer' | 'personnel' | 'seller' | 'provider';

export interface Phone {
  telId: number;
  tel: string;
  caption: string;
  isPrimary: boolean;
}

export interface Party {
  id: number;
  code: string;
  detailId: number;
  partyType: PartyType;
  isLegal: boolean;
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
  nationalCode: string;
  registrationNumber: string;
  bankName: string;
  bankAccountNo: string;
  cardNo: string;
  sheba: string;
  cashCredit: string;
  chequeCredit: string;
  financialCredit: string;
  visitor: boolean;
  visitorPercent: string;
  courierStatus: boolean;
  buyPriceLevel: number;
  sellPriceLevel: number;
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
  phones: Phone[];
}

/** Fields to create or change a party: absent (undefined) = leave as is / default. */
export interface PartyInput {
  code?: string;
  partyType?: PartyType;
  isLegal?: boolean;
  prefix?: string;
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
  nationalCode?: string;
  registrationNumber?: string;
  bankName?: string;
  bankAccountNo?: string;
  cardNo?: string;
  sheba?: string;
  cashCredit?: Dec;
  chequeCredit?: Dec;
  financialCredit?: Dec;
  visitor?: boolean;
  visitorPercent?: Dec;
  courierStatus?: boolean;
  buyPriceLevel?: number;
  sellPriceLevel?: number;
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
  /** The primary phone (Siba `tel`, Chortke `mobile`/`phone`): set as is_primary. */
  tel?: string;
  /** Extra phones (Chortke sends phone and mobile): caption → number. */
  phones?: { tel: string; caption: string }[];
}

export interface PartyFilter {
  code?: string;
  /** matches any of the party's phones, digits normalised */
  tel?: string;
  /** contains, Persian-normalised */
  name?: string;
  partyType?: PartyType;
  offset?: number;
  limit?: number;
}
