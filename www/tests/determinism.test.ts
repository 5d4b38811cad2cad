/**
 * Native and wasm builds give the same scores, bit for bit. The native command-line
 * tool's output is checked in under tests/reference/determinism/ (tests/determinism.rs
 * checks it is current, and says how to regenerate it:
 *   cargo run -q --bin attache -- score tests/fixtures/graphs/karate.csv --metrics all --format csv \
 *     > tests/reference/determinism/karate.all.csv
 * and the same for tests/fixtures/twarc2/kpop.jsonl → kpop.all.csv). Here the wasm module
 * reads the same fixture and computes every metric: each value must equal the native one
 * exactly (the CSV prints the shortest text that reads back as the same double), the
 * ranking order and the labels must be the same.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Session, initSync, rankDescending } from '../src/pkg/attache.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(root + path);

beforeAll(() => {
  initSync({ module: read('www/src/pkg/attache_bg.wasm') });
});

/** RFC 4180 rows: quoted fields may hold commas, quotes ("") and line ends. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** `analysis`: an analysis file replayed by both (`attache score --settings` natively). */
const cases: { fixture: string; native: string; analysis?: string }[] = [
  { fixture: 'tests/fixtures/graphs/karate.csv', native: 'tests/reference/determinism/karate.all.csv' },
  { fixture: 'tests/fixtures/twarc2/kpop.jsonl', native: 'tests/reference/determinism/kpop.all.csv' },
  {
    fixture: 'tests/fixtures/twarc2/kpop.jsonl',
    native: 'tests/reference/determinism/kpop.analysis.csv',
    analysis: 'tests/fixtures/analysis/kpop.attache.json',
  },
];

describe('native and wasm builds', () => {
  for (const { fixture, native, analysis } of cases) {
    it(`compute the same scores, bit for bit, on ${fixture}${analysis ? ` under ${analysis}` : ''}`, () => {
      const [header, ...rows] = parseCsv(read(native).toString('utf8'));
      const metrics = header.slice(2);

      const session = new Session();
      if (analysis) session.applyAnalysis(read(analysis).toString('utf8'));
      const name = fixture.split('/').pop()!;
      session.beginFile(name, null);
      const bytes = read(fixture);
      for (let offset = 0; offset < bytes.length; offset += 4096) session.push(bytes.subarray(offset, offset + 4096));
      session.endFile();
      const summary = session.finish();
      // The same bytes the analysis file names: no warning that they differ.
      expect(summary.warnings.filter((w) => /differs/.test(w.message))).toEqual([]);
      const ids = session.accountIds() as string[];
      const labels = session.accountLabels() as string[];
      const index = new Map(ids.map((id, i) => [id, i]));
      expect(ids.length).toBe(rows.length);

      const columns = metrics.map((metric) => session.column(metric).values as Float64Array);
      const order = [...rankDescending(columns[0])].map((i) => ids[i]);
      expect(order).toEqual(rows.map((row) => row[0]));

      const mismatches: string[] = [];
      for (const row of rows) {
        const account = index.get(row[0])!;
        expect(labels[account]).toBe(row[1]);
        metrics.forEach((metric, m) => {
          const expected = row[m + 2] === '' ? NaN : Number(row[m + 2]);
          const actual = columns[m][account];
          if (!Object.is(actual, expected)) mismatches.push(`${metric}(${row[0]}): wasm ${actual}, native ${row[m + 2]}`);
        });
      }
      expect(mismatches).toEqual([]);
    });
  }
});
