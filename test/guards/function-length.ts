import ts from 'typescript';
import { lineOf, parse } from './source.js';

export const MAX_FUNCTION_LINES = 80;

export interface LongFunction {
  line: number;
  name: string;
  lines: number;
}

function isFunction(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) ||
    ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)
  );
}

function nameOf(node: ts.FunctionLikeDeclaration): string {
  if (node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) return node.name.text;
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const p = node.parent;
  if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) return p.name.text;
  if (ts.isPropertyDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  return '(anonymous)';
}

/**
 * The comments right above a function: those before the outermost node that starts on the
 * function's first line (`export const f = async () => {` carries them on the statement).
 */
function commentsAbove(sf: ts.SourceFile, node: ts.Node): string {
  const firstLine = lineOf(sf, node.getStart(sf));
  let owner: ts.Node = node;
  while (owner.parent && !ts.isSourceFile(owner.parent) && lineOf(sf, owner.parent.getStart(sf)) === firstLine) owner = owner.parent;
  const ranges = ts.getLeadingCommentRanges(sf.text, owner.getFullStart()) ?? [];
  return ranges.map((r) => sf.text.slice(r.pos, r.end)).join('\n');
}

/** Functions, methods and arrows of a file longer than the limit whose comment above does not say "long because". */
export function longFunctions(file: string, max = MAX_FUNCTION_LINES): LongFunction[] {
  const sf = parse(file);
  const out: LongFunction[] = [];
  const visit = (node: ts.Node) => {
    if (isFunction(node) && node.body) {
      const start = lineOf(sf, node.getStart(sf));
      const lines = lineOf(sf, node.getEnd()) - start + 1;
      if (lines > max && !/long because/i.test(commentsAbove(sf, node))) out.push({ line: start, name: nameOf(node), lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
