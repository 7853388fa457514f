import type { DomainError } from '../../domain/errors.js';

/**
 * A surface's names for the domain's field paths: `{ 'lines[]': 'details[]', 'lines[].productId':
 * 'details[].itemId', partyId: 'personId' }`. Keys and values are paths with `[]` for any index;
 * the longest matching prefix is renamed and the rest kept, so `lines[2].quantity` becomes
 * `details[2].quantity` from the `lines[]` entry alone. A path with no entry is left as it is.
 */
export type FieldNames = Readonly<Record<string, string>>;

export function renameField(path: string, names: FieldNames): string {
  const indices: string[] = [];
  const pattern = path.replace(/\[(\d+)\]/g, (_m, i: string) => {
    indices.push(i);
    return '[]';
  });
  let cut = pattern.length;
  while (cut > 0) {
    const prefix = pattern.slice(0, cut);
    const wire = names[prefix];
    if (wire !== undefined) {
      const renamed = wire + pattern.slice(cut);
      let n = 0;
      return renamed.replace(/\[\]/g, () => `[${indices[n++] ?? ''}]`);
    }
    // the next shorter prefix ends before a '.' or a '['
    const dot = Math.max(pattern.lastIndexOf('.', cut - 1), pattern.lastIndexOf('[', cut - 1));
    cut = dot;
  }
  return path;
}

export function renameErrorFields(err: DomainError, names: FieldNames | undefined): DomainError {
  if (!names || Object.keys(names).length === 0) return err;
  return err.renamed((p) => renameField(p, names));
}
