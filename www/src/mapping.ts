/**
 * The column-mapping step for tables: the core's guess (`previewTable`) becomes a form
 * state (separator, header, rows are interactions or accounts, a role per column), and
 * the state becomes the `TableOptions` that `Session.beginFile(name, options)` reads the file with.
 * Pure, so it is unit-tested.
 */
import type { ColumnRole, TableOptions, TablePreview } from './protocol';

export type RoleName = ColumnRole['role'];
export type Shape = 'edges' | 'nodes';

/** What each role means, as the select boxes say it. */
export const ROLE_LABELS: Record<RoleName, string> = {
  source: 'source: who acts',
  target: 'target: who receives attention',
  weight: 'weight',
  kind: 'kind (retweet, reply...)',
  directed: 'directed (true/false)',
  time: 'time',
  id: 'account id or handle',
  label: 'label (name)',
  platform: 'platform',
  attribute: 'attribute',
  score: 'score (a number computed elsewhere)',
  ignore: 'ignore',
};

/** The roles that make sense for each shape of table. */
export const ROLES_BY_SHAPE: Record<Shape, RoleName[]> = {
  edges: ['source', 'target', 'weight', 'kind', 'directed', 'time', 'label', 'ignore'],
  nodes: ['id', 'label', 'platform', 'attribute', 'score', 'ignore'],
};

export const DELIMITERS: { value: string; label: string }[] = [
  { value: ',', label: 'comma ,' },
  { value: ';', label: 'semicolon ;' },
  { value: '\t', label: 'tab' },
  { value: ' ', label: 'space' },
  { value: '|', label: 'bar |' },
];

export interface MappingState {
  delimiter: string;
  hasHeader: boolean;
  skipRows: number;
  undirected: boolean;
  shape: Shape;
  /** One role per column; attributes carry their name. */
  roles: ColumnRole[];
  /** Column headers (or null without a header), for attribute names. */
  headers: (string | null)[];
}

/** The form state for a preview (the core's guess, or a re-guess under new options). */
export function stateFromPreview(preview: TablePreview, undirected = false): MappingState {
  const shape: Shape = preview.shape ?? (preview.columns.some((c) => c.role === 'id') ? 'nodes' : 'edges');
  const headers = preview.columns.map((c) => c.header);
  const guessed = preview.columns.map(({ header: _header, ...role }) => role as ColumnRole);
  const fits = guessed.every((role) => ROLES_BY_SHAPE[shape].includes(role.role));
  return {
    delimiter: preview.delimiter,
    hasHeader: preview.has_header,
    skipRows: preview.skip_rows,
    undirected,
    shape,
    roles: fits ? guessed : defaultRoles(shape, headers),
    headers,
  };
}

/** The name an attribute column gets: its header, else its position. */
export function attributeName(headers: readonly (string | null)[], column: number): string {
  const header = headers[column]?.trim();
  return header ? header : `column ${column + 1}`;
}

/** Roles for a shape chosen by hand: edges read the first two columns as source and target; nodes the first as the id. */
export function defaultRoles(shape: Shape, headers: readonly (string | null)[]): ColumnRole[] {
  return headers.map((_, column): ColumnRole => {
    if (shape === 'edges') return { role: column === 0 ? 'source' : column === 1 ? 'target' : 'ignore' };
    return column === 0 ? { role: 'id' } : { role: 'attribute', name: attributeName(headers, column) };
  });
}

/** A column's role from a select box's value; attributes and scores are named by their header. */
export function roleFor(name: RoleName, headers: readonly (string | null)[], column: number): ColumnRole {
  if (name === 'attribute' || name === 'score') return { role: name, name: attributeName(headers, column) };
  return { role: name };
}

/** What keeps the mapping from being read; empty when it can be applied. */
export function mappingProblems(state: MappingState): string[] {
  const counts = new Map<RoleName, number>();
  for (const { role } of state.roles) counts.set(role, (counts.get(role) ?? 0) + 1);
  const problems: string[] = [];
  const once = (role: RoleName, what: string) => {
    const n = counts.get(role) ?? 0;
    if (n === 0) problems.push(`Choose the column that holds ${what}.`);
    if (n > 1) problems.push(`Only one column can hold ${what}.`);
  };
  if (state.shape === 'edges') {
    once('source', 'the source (who acts)');
    once('target', 'the target (who receives attention)');
  } else {
    once('id', 'the account id');
  }
  for (const role of ['weight', 'kind', 'time', 'label', 'platform', 'directed'] as RoleName[]) {
    if ((counts.get(role) ?? 0) > 1) problems.push(`Only one column can be the ${role}.`);
  }
  return problems;
}

/** The options `beginFile(name, options)` reads the file with. */
export function tableOptions(state: MappingState): TableOptions {
  return {
    delimiter: state.delimiter,
    has_header: state.hasHeader,
    skip_rows: state.skipRows,
    columns: state.roles,
    undirected: state.shape === 'edges' && state.undirected,
  };
}
