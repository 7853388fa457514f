/**
 * Verhoeff check digit (dihedral group D5), the check digit of Moadian's taxid (spec moadian.md §2).
 * Standard tables: d = D5 multiplication, p = the position permutation, inv = inverses.
 */
const D: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const P: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9] as const;

function digitsOf(s: string): number[] {
  if (!/^\d+$/.test(s)) throw new RangeError('verhoeff: digits only');
  return [...s].map(Number);
}

/** The check digit to append to `digits`. */
export function verhoeffDigit(digits: string): number {
  let c = 0;
  digitsOf(digits).reverse().forEach((n, i) => {
    c = D[c]![P[(i + 1) % 8]![n]!]!;
  });
  return INV[c]!;
}

/** Whether `digits` (check digit last) is valid. */
export function verhoeffValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let c = 0;
  digitsOf(digits).reverse().forEach((n, i) => {
    c = D[c]![P[i % 8]![n]!]!;
  });
  return c === 0;
}
