/**
 * A cluster's result back in the page: the scores table `attache score --format csv` and
 * the Spark job write (here the page's own CSV export, which has the same header) read
 * through the worker's calls as a node table whose metric columns are imported: listed
 * with the lenses, served by `column`, sortable, and combined with the edges of the top
 * accounts dropped beside it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Session, catalogue, initSync, rankDescending } from '../src/pkg/attache.js';
import { defaultColumns } from '../src/views/rankings';

const root = fileURLToPath(new URL('../../', import.meta.url));

beforeAll(() => {
  initSync({ module: readFileSync(root + 'www/src/pkg/attache_bg.wasm') });
});

const EDGES = `source,target,type
b,a,retweet
c,a,reply
d,a,follow
b,c,mention
a,d,retweet
e,b,quote
`;
const CAMPS = `id,label,camp
a,"Ann, the first",north
b,Bob,south
e,Eve,south
`;

function read(files: [string, string | Uint8Array][]): Session {
  const s = new Session();
  for (const [name, text] of files) {
    s.beginFile(name, null);
    s.push(typeof text === 'string' ? new TextEncoder().encode(text) : text);
    s.endFile();
  }
  s.finish();
  return s;
}

describe('scores tables read back', () => {
  const metrics = ['pagerank', 'influence_index', 'in_degree'];

  function exported(): { csv: Uint8Array; ids: string[]; columns: Float64Array[] } {
    const original = read([
      ['edges.csv', EDGES],
      ['camps.csv', CAMPS],
    ]);
    const columns = metrics.map((m) => original.column(m).values);
    const order = rankDescending(columns[0]);
    const ids = original.accountIds();
    return { csv: original.exportCsv(metrics, order), ids, columns };
  }

  it('lists the imported columns with the lenses and serves them with the values written', () => {
    const { csv, ids, columns } = exported();
    const back = read([['scores.csv', csv]]);
    const imported = back.importedColumns();
    expect(imported.map((c) => c.id)).toEqual(metrics.map((m) => `imported:${m}`));
    expect(imported[0].name).toBe('PageRank (imported)');
    expect(imported[0].params).toEqual([]);
    const backIds = back.accountIds();
    expect([...backIds].sort()).toEqual([...ids].sort());
    metrics.forEach((metric, i) => {
      const values = back.column(`imported:${metric}`).values;
      expect(values).toBeInstanceOf(Float64Array);
      backIds.forEach((id, row) => {
        const was = columns[i][ids.indexOf(id)];
        if (Number.isNaN(was)) expect(values[row]).toBeNaN();
        else expect(values[row]).toBe(was);
      });
    });
    expect(back.attributeKeys()).toEqual(['camp']);
    // The page opens on the imported columns, sorted by the imported PageRank.
    const listed = [...catalogue(), ...imported];
    expect(defaultColumns(listed)).toEqual([
      'imported:pagerank',
      'imported:in_degree',
      'imported:influence_index',
      'pagerank',
      'in_degree',
      'influence_index',
    ]);
    const order = rankDescending(back.column('imported:pagerank').values);
    expect(backIds[order[0]]).toBe(ids[rankDescending(columns[0])[0]]);
  });

  it('joins the sub-network of the top accounts and groups by an attribute it carried', () => {
    const { csv } = exported();
    const back = read([
      ['scores.csv', csv],
      ['edges_top.csv', 'source,target,kind,weight\nb,a,repost,1\nc,a,reply,1\n'],
    ]);
    const ids = back.accountIds();
    expect(ids.length).toBe(5);
    const degree = back.column('in_degree').values;
    expect(degree[ids.indexOf('a')]).toBe(2);
    const groups = back.groups('camp', 3);
    expect(groups.groups.map((g) => [g.name, g.members])).toEqual([
      ['north', 1],
      ['south', 2],
      ['(none)', 2],
    ]);
  });

  it('reads a table without scores as before', () => {
    const s = read([['camps.csv', CAMPS]]);
    expect(s.importedColumns()).toEqual([]);
    expect(() => s.column('imported:pagerank')).toThrow(/unknown metric 'imported:pagerank'/);
  });
});
