/**
 * The tiny network the Learn view runs every lens on: six people, seven interactions,
 * small enough to check each value by hand. Cleo is reached by three accounts; Eli by
 * one, but that one is Cleo.
 */
export const TINY_NETWORK: [string, string][] = [
  ['Ana', 'Cleo'],
  ['Ben', 'Cleo'],
  ['Dev', 'Cleo'],
  ['Cleo', 'Eli'],
  ['Eli', 'Ana'],
  ['Ben', 'Ana'],
  ['Fay', 'Ben'],
];
