import type { Tx } from '../context.js';
import { fail } from '../errors.js';
import { detailBalances } from '../ledger/balances.js';
import { Dec, type Dec as Decimal } from '../shared/money.js';
import * as repo from './repository.js';

/** A cash register or bank account as the ledger knows it: its detail account and role. */
export interface MoneyDetail {
  detailId: number;
  role: 'cash' | 'bank';
  /** The account's name as the books show it, for the refusal. */
  label: string;
  /** The request field that names the account. */
  field: string;
}

/**
 * Money out may not take the account below zero (its balance over all its postings) unless the
 * business allows it (`businesses.allow_negative_money`). The caller holds the account's row lock.
 */
export async function assertMoneyAvailable(tx: Tx, businessId: number, money: MoneyDetail, amount: Decimal): Promise<void> {
  const biz = await repo.allowsNegativeMoney(tx, businessId).executeTakeFirstOrThrow();
  if (biz.allow_negative_money) return;
  const balance = (await detailBalances(tx, businessId, [money.detailId], [money.role])).get(money.detailId) ?? '0';
  if (new Dec(balance).minus(amount).isNegative()) {
    // The account is short, not the amount wrong: the field is the account's, the message names
    // it and both figures (docs/payments.md "Overdraw").
    throw fail.insufficientFunds(money.field, { available: balance, requested: amount.toFixed() }, money.label);
  }
}
