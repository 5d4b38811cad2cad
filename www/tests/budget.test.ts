/**
 * The memory budget and the format override through the wasm API, as the worker uses
 * them: setMemoryBudget before the files, budgetReached/memoryEstimate while reading,
 * leaveOutKinds to save memory, beginFile(name, {format}) to force a reader.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Session, initSync } from '../src/pkg/attache.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

beforeAll(() => {
  initSync({ module: readFileSync(root + 'www/src/pkg/attache_bg.wasm') });
});

/** `rows` edge-list rows among 2,000 accounts. */
function edgeList(rows: number): Uint8Array {
  const lines = ['source,target'];
  for (let i = 0; i < rows; i++) lines.push(`account${i % 2000},account${(i * 7919 + 13) % 2000}`);
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

function push(session: Session, bytes: Uint8Array, chunk = 65536) {
  for (let offset = 0; offset < bytes.length; offset += chunk) session.push(bytes.subarray(offset, offset + chunk));
}

describe('memory budget', () => {
  it('stops reading with a warning, keeps what was read and refuses later files', () => {
    const session = new Session();
    session.setMemoryBudget(4 * 1024 * 1024);
    session.beginFile('big.csv', null);
    push(session, edgeList(300_000));
    const report = session.endFile();
    expect(session.budgetReached()).toBe(true);
    expect(session.memoryEstimate()).toBeGreaterThan(3 * 1024 * 1024);
    expect(report.interactions.link).toBeGreaterThan(10_000);
    expect(report.interactions.link).toBeLessThan(300_000);
    session.beginFile('later.csv', null);
    push(session, new TextEncoder().encode('a,b\n'));
    session.endFile();
    const summary = session.finish();
    expect(summary.warnings[0].file).toBe('big.csv');
    expect(summary.warnings[0].message).toMatch(/^reading stopped at line \d+ \(byte \d+\): the memory budget of 4 MiB/);
    expect(summary.warnings[1].message).toMatch(/^not read: the memory budget was reached/);
    expect(session.column('pagerank').values.length).toBe(summary.nodes);
  });

  it('has no limit by default, and refuses a budget that is not a byte count', () => {
    const session = new Session();
    session.beginFile('big.csv', null);
    push(session, edgeList(100_000));
    session.endFile();
    expect(session.budgetReached()).toBe(false);
    expect(() => session.setMemoryBudget(-1)).toThrow(/byte count/);
  });

  it('leaves out the kinds asked, and forces a reader', () => {
    const session = new Session();
    session.leaveOutKinds(['mention']);
    session.beginFile('edges.txt', { format: 'edge_list' });
    push(session, new TextEncoder().encode('source,target,type\na,b,mention\na,c,reply\n'));
    const report = session.endFile();
    expect(report.format).toBe('edge_list');
    expect(report.interactions).toEqual({ reply: 1 });
    expect(report.notes.some((note: string) => note.includes('left out'))).toBe(true);
    expect(() => session.leaveOutKinds(['likes' as never])).toThrow(/unknown interaction kind/);
  });
});
