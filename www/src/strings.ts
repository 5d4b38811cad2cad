/**
 * Many short strings as one: a worker message carrying 100,000 ids as an array makes
 * the page deserialise 100,000 objects in one task; one string with end offsets is
 * copied at once and cut up in a few milliseconds. Pure.
 */
export interface PackedStrings {
  text: string;
  /** `ends[i]` is where string i ends in `text` (UTF-16 units); it starts where i - 1 ends. */
  ends: Uint32Array;
}

export function packStrings(strings: readonly string[]): PackedStrings {
  const ends = new Uint32Array(strings.length);
  let end = 0;
  strings.forEach((s, i) => {
    end += s.length;
    ends[i] = end;
  });
  return { text: strings.join(''), ends };
}

export function unpackStrings({ text, ends }: PackedStrings): string[] {
  const strings = new Array<string>(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    strings[i] = text.slice(start, ends[i]);
    start = ends[i];
  }
  return strings;
}
