import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GENERIC_MESSAGES } from '../../src/domain/messages/generic.js';
import { MESSAGE_TABLES } from '../../src/domain/messages/index.js';
import type { MessageTable } from '../../src/domain/messages/types.js';

/**
 * The message catalogue's hygiene (issue 19, docs/development.md "Guards"): pure, in the unit
 * tier. The guards that still fail (wire names in the domain, long functions, sentence call
 * sites) wait in test/guards/issue19-guards.pending.ts until the refactor passes them.
 */
function report(title: string, offenders: string[]): void {
  assert.equal(offenders.length, 0, `${title} (${offenders.length}):\n  ${offenders.join('\n  ')}`);
}

const TABLES: Record<string, MessageTable> = { generic: GENERIC_MESSAGES, ...MESSAGE_TABLES };
// A slot may have a form per language: a Persian `{dateJalali}` (or `{xFa}`) stands for the English `{date}` (or `{xEn}`).
const slotsOf = (template: string) => [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1].replace(/(.)(?:Jalali|Fa|En)$/, '$1')))].sort();

describe('guards: the message catalogue', () => {
  it('every message key is defined by one table only', () => {
    const owners = new Map<string, string[]>();
    for (const [table, messages] of Object.entries(TABLES)) {
      for (const key of Object.keys(messages)) owners.set(key, [...(owners.get(key) ?? []), table]);
    }
    report('keys in several tables', [...owners].filter(([, t]) => t.length > 1).map(([k, t]) => `${k}: ${t.join(', ')}`));
  });

  it("every key is UPPER_SNAKE and its fa and en templates have the same slots (a language's own form of a slot, xJalali/xFa/xEn, counts as x)", () => {
    const offenders: string[] = [];
    for (const [table, messages] of Object.entries(TABLES)) {
      for (const [key, def] of Object.entries(messages)) {
        if (!/^[A-Z][A-Z0-9_]*$/.test(key)) offenders.push(`${table}.${key}: key is not UPPER_SNAKE`);
        const fa = slotsOf(def.fa).join(', ');
        const en = slotsOf(def.en).join(', ');
        if (fa !== en) offenders.push(`${table}.${key}: fa has {${fa}}, en has {${en}}`);
      }
    }
    report('inconsistent messages', offenders);
  });

  it('no Persian template writes ASCII digits (numbers come through slots, rendered in Persian digits)', () => {
    const offenders: string[] = [];
    for (const [table, messages] of Object.entries(TABLES)) {
      for (const [key, def] of Object.entries(messages)) {
        if (/[0-9]/.test(def.fa.replace(/\{\w+\}/g, ''))) offenders.push(`${table}.${key}: ${def.fa}`);
      }
    }
    report('ASCII digits in Persian templates', offenders);
  });

});
