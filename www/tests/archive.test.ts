/**
 * The wasm archive API under Node: a ZIP is read by random access through a `readAt`
 * callback (the worker uses FileReaderSync on File.slice), central directory first, only
 * the members needed.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Session, initSync, needsRandomAccess } from '../src/pkg/attache.js';
import type { FileReport } from '../src/protocol';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => new Uint8Array(readFileSync(root + path));

beforeAll(() => {
  initSync({ module: read('www/src/pkg/attache_bg.wasm') });
});

/** A readAt over bytes in memory that records every range asked for. */
function reader(bytes: Uint8Array, asked: [number, number][] = []) {
  return (offset: number, length: number): Uint8Array => {
    asked.push([offset, length]);
    return bytes.slice(offset, offset + length);
  };
}

describe('wasm archives', () => {
  it('tells ZIPs, which need random access, from streamed files', () => {
    const zip = read('tests/fixtures/archives/x-archive.zip');
    expect(needsRandomAccess(zip.subarray(0, 4))).toBe(true);
    expect(needsRandomAccess(new TextEncoder().encode('source,target\n'))).toBe(false);
  });

  it('reads an X archive ZIP through readAt, member by member', () => {
    const zip = read('tests/fixtures/archives/x-archive.zip');
    const asked: [number, number][] = [];
    const session = new Session();
    const reports = session.ingestArchive('x.zip', zip.length, reader(zip, asked)) as FileReport[];
    expect(reports.map((r) => [r.path, r.format])).toEqual([
      ['x.zip', 'zip'],
      ['x.zip/data/manifest.js', 'x_archive'],
      ['x.zip/data/account.js', 'x_archive'],
      ['x.zip/data/tweets-part1.js', 'x_archive'],
      ['x.zip/data/tweets.js', 'x_archive'],
      ['x.zip/data/follower.js', 'x_archive'],
      ['x.zip/data/following.js', 'x_archive'],
    ]);
    expect(reports[0].notes[0]).toMatch(/4 of the archive's 10 files were not opened/);
    // The directory is read from the end, and nothing past the file is asked for.
    expect(asked[0][0] + asked[0][1]).toBe(zip.length);
    expect(asked.every(([offset, length]) => offset + length <= zip.length)).toBe(true);
    const summary = session.finish();
    // Counts as in tests/ingest_archives.rs (x_archive_zip_matches_the_loose_files).
    expect(summary.nodes).toBe(8);
    expect(summary.interactions).toEqual({ follow: 4, repost: 1, quote: 1, reply: 2, mention: 3 });
    const ids = session.accountIds() as string[];
    expect(ids).toContain('1000000000000000001');
    expect(ids).not.toContain('(archive owner)');
  });

  it('mixes an archive with streamed files in one session', () => {
    const zip = read('tests/fixtures/archives/mastodon-archive.zip');
    const session = new Session();
    session.beginFile('following_accounts.csv', null);
    session.push(read('tests/fixtures/mastodon/following_accounts.csv'));
    session.endFile();
    session.ingestArchive('masto.zip', zip.length, reader(zip));
    const summary = session.finish();
    expect(summary.interactions).toEqual({ follow: 3, repost: 2, quote: 1, reply: 1, mention: 2 });
    // The CSV's placeholder owner merged into the actor of actor.json.
    const labels = session.accountLabels() as string[];
    expect(labels).toContain('@emb_d@diplo.example');
    expect(labels).not.toContain('archive owner');
  });

  it('turns a failing or short readAt into a warning, and keeps what was loaded', () => {
    const zip = read('tests/fixtures/archives/x-archive.zip');
    const session = new Session();
    session.beginFile('a.csv', null);
    session.push(new TextEncoder().encode('a,b\n'));
    session.endFile();
    const failing = () => {
      throw new Error('disk gone');
    };
    const reports = session.ingestArchive('broken.zip', zip.length, failing) as FileReport[];
    expect(reports).toHaveLength(1);
    session.ingestArchive('short.zip', zip.length, () => new Uint8Array(3));
    const summary = session.finish();
    expect(summary.nodes).toBe(2);
    expect(summary.warnings.map((w: { file: string; message: string }) => [w.file, w.message])).toEqual([
      ['broken.zip', 'readAt failed: disk gone'],
      ['short.zip', `readAt returned 3 bytes where ${zip.length} were asked for`],
    ]);
  });
});
