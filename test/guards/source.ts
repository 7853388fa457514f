// Shared by the guard tests: the project's TypeScript sources, parsed with the compiler API
// (no type checking, so it stays fast and needs no database).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function rel(file: string): string {
  return path.relative(ROOT, file).split(path.sep).join('/');
}

/** Every file under `dir` (relative to the project) whose name matches `pattern`, sorted. */
export function filesUnder(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (pattern.test(e.name)) out.push(full);
    }
  };
  walk(path.join(ROOT, dir));
  return out.sort();
}

const parsed = new Map<string, ts.SourceFile>();

export function parse(file: string): ts.SourceFile {
  let sf = parsed.get(file);
  if (!sf) {
    sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    parsed.set(file, sf);
  }
  return sf;
}

/** 1-based line of a position. */
export function lineOf(sf: ts.SourceFile, pos: number): number {
  return sf.getLineAndCharacterOfPosition(pos).line + 1;
}

/**
 * The modules a file loads at run time: import/export-from declarations that are not type-only
 * (`import type`, or every named binding marked `type`), and dynamic `import('…')`.
 */
export function runtimeImports(file: string): string[] {
  const sf = parse(file);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const c = node.importClause;
      const typeOnly =
        c !== undefined &&
        (c.isTypeOnly ||
          (!c.name && c.namedBindings !== undefined && ts.isNamedImports(c.namedBindings) &&
            c.namedBindings.elements.length > 0 && c.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) out.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && !node.isTypeOnly) {
      out.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      out.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** A relative specifier resolved to the .ts file it names (`./x.js` → `./x.ts`), or null for a package. */
export function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/**
 * Every file and package `entry` loads at run time, transitively, each with the chain that
 * loads it (for a readable failure).
 */
export function importClosure(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    for (const spec of runtimeImports(file)) {
      const target = resolveLocal(file, spec) ?? spec;
      if (seen.has(target)) continue;
      seen.set(target, [...seen.get(file)!, target]);
      if (target.endsWith('.ts')) queue.push(target);
    }
  }
  return seen;
}

const PERSIAN = /[\u0600-\u06FF]/;

/** Whether any string or template literal inside `node` holds Persian text. */
function holdsPersian(node: ts.Node): boolean {
  if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) return PERSIAN.test(node.text);
  return ts.forEachChild(node, (child) => (holdsPersian(child) ? true : undefined)) ?? false;
}

/**
 * Call sites that write a message's text themselves: `fail.x(…)` with Persian in an argument,
 * and `new DomainError(…, { fa: … })`. Returns `line: call` for each.
 */
export function sentenceCallSites(file: string): string[] {
  const sf = parse(file);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    const failCall =
      ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) && node.expression.expression.text === 'fail' && node.arguments.some(holdsPersian);
    const fixedText =
      ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'DomainError' &&
      (node.arguments ?? []).some((a) => ts.isObjectLiteralExpression(a) && a.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === 'fa'));
    if (failCall || fixedText) out.push(`${lineOf(sf, node.getStart(sf))}: ${node.getText(sf).split('\n')[0].slice(0, 90)}`);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
