// Issue 19's guards, in the unit tier: the domain names no surface's wire name, no domain
// function is long without saying why, and no call site writes its own sentence (docs/development.md "Guards").
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { GENERIC_MESSAGES } from '../../src/domain/messages/generic.js';
import { MESSAGE_TABLES } from '../../src/domain/messages/index.js';
import type { MessageTable } from '../../src/domain/messages/types.js';
import { longFunctions, MAX_FUNCTION_LINES } from './function-length.js';
import { filesUnder, rel, sentenceCallSites } from './source.js';
import { wireNamesIn } from './wire-names.js';

/**
 * Project-wide guards of issue 19 (docs/development.md "Guards"): pure, in the unit tier. Each
 * lists every offender as file:line so one run shows all the work left.
 */
const domainFiles = filesUnder('src/domain', /\.ts$/);
const srcFiles = filesUnder('src', /\.ts$/);

function report(title: string, offenders: string[]): void {
  assert.equal(offenders.length, 0, `${title} (${offenders.length}):\n  ${offenders.join('\n  ')}`);
}

function linesOf(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\n');
}

describe('guards: the domain speaks its own words', () => {
  it("src/domain/** names no surface's wire name (rename it in the surface's fields.ts instead)", () => {
    const offenders: string[] = [];
    for (const file of domainFiles) {
      linesOf(file).forEach((line, i) => {
        const names = wireNamesIn(line);
        if (names.length) offenders.push(`${rel(file)}:${i + 1}: ${[...new Set(names)].join(', ')}`);
      });
    }
    report('wire names in src/domain', offenders);
  });
});

describe('guards: short functions', () => {
  it(`no function in src/domain/** is longer than ${MAX_FUNCTION_LINES} lines unless the comment above it says "long because"`, () => {
    const offenders = domainFiles.flatMap((file) => longFunctions(file).map((f) => `${rel(file)}:${f.line}: ${f.name} is ${f.lines} lines`));
    report(`functions over ${MAX_FUNCTION_LINES} lines`, offenders);
  });
});

const TABLES: Record<string, MessageTable> = { generic: GENERIC_MESSAGES, ...MESSAGE_TABLES };
void TABLES;

describe('guards: the message catalogue', () => {
  it('no call site in src/** passes a Persian sentence to fail.* or new DomainError (messages live in the catalogue)', () => {
    const offenders = srcFiles
      .filter((file) => rel(file) !== 'src/domain/errors.ts')
      .flatMap((file) => sentenceCallSites(file).map((site) => `${rel(file)}:${site}`));
    report('sentences passed at call sites', offenders);
  });
});
