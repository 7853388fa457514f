/** A Chortke tree node (person types, categories): `{id, title, parentId, childs}`. */
export interface TreeNode {
  id: number;
  title: string;
  parentId: number | null;
  childs: TreeNode[];
}

/** Flat groups (any order) → roots with nested `childs`, siblings by id. A node whose parent
 * is missing is shown as a root rather than dropped. */
export function toTree(groups: { id: number; name: string; parentId: number | null }[]): TreeNode[] {
  const nodes = new Map<number, TreeNode>();
  const sorted = [...groups].sort((a, b) => a.id - b.id);
  for (const g of sorted) nodes.set(g.id, { id: g.id, title: g.name, parentId: g.parentId, childs: [] });
  const roots: TreeNode[] = [];
  for (const g of sorted) {
    const node = nodes.get(g.id)!;
    const parent = g.parentId === null ? undefined : nodes.get(g.parentId);
    if (parent && parent !== node) parent.childs.push(node);
    else roots.push(node);
  }
  return roots;
}
