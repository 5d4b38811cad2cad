import { describe, expect, it } from 'vitest';
import { AnalysisClient, CancelledError, WorkerCrashedError, type WorkerLike } from '../src/client';
import type { WorkerRequest, WorkerResponse } from '../src/protocol';

/** A worker stand-in that records requests and lets the test answer them. */
class FakeWorker implements WorkerLike {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  requests: WorkerRequest[] = [];
  terminated = false;
  postMessage(message: unknown): void {
    this.requests.push(message as WorkerRequest);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(response: WorkerResponse): void {
    this.onmessage?.({ data: response } as MessageEvent);
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const client = new AnalysisClient(() => {
    const worker = new FakeWorker();
    workers.push(worker);
    return worker;
  });
  return { client, workers };
}

const summary = { nodes: 2, edges: 1, interactions: { link: 1 }, posts: 0, self_interactions: 0, duplicates: 0, warnings: [], files: [] };
const settings = { kindWeights: { follow: 1, repost: 1, quote: 1, reply: 1, mention: 1, link: 1 }, params: {} };

describe('AnalysisClient', () => {
  it('routes progress to the request and resolves with its result', async () => {
    const { client, workers } = setup();
    const seen: number[] = [];
    const loading = client.load([], (p) => seen.push(p.fraction));
    const id = workers[0].requests[0].id;
    workers[0].answer({ type: 'progress', id, phase: 'Reading', fraction: 0.5 });
    workers[0].answer({ type: 'loaded', id, summary, settings });
    await expect(loading).resolves.toEqual({ summary, settings });
    expect(seen).toEqual([0.5]);
  });

  it('cancel terminates the worker, rejects what was pending and starts a new worker', async () => {
    const { client, workers } = setup();
    const loading = client.load([]);
    client.cancel();
    await expect(loading).rejects.toBeInstanceOf(CancelledError);
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(2);
    const again = client.load([]);
    workers[1].answer({ type: 'loaded', id: workers[1].requests[0].id, summary, settings });
    await expect(again).resolves.toEqual({ summary, settings });
  });

  it('a fatal error (panic) replaces the worker and reports the message', async () => {
    const { client, workers } = setup();
    const scoring = client.scores(['pagerank']);
    workers[0].answer({ type: 'error', id: workers[0].requests[0].id, message: 'engine stopped: boom', fatal: true });
    await expect(scoring).rejects.toThrow(WorkerCrashedError);
    await expect(scoring).rejects.toThrow('boom');
    expect(workers).toHaveLength(2);
  });

  it('an ordinary error rejects without replacing the worker', async () => {
    const { client, workers } = setup();
    const scoring = client.scores(['fame']);
    workers[0].answer({ type: 'error', id: workers[0].requests[0].id, message: 'unknown metric', fatal: false });
    await expect(scoring).rejects.toThrow('unknown metric');
    expect(workers).toHaveLength(1);
  });

  it('streams layout positions to the callback until the worker says done', async () => {
    const { client, workers } = setup();
    const seen: number[] = [];
    const running = client.startLayout({ linLog: true }, (update) => seen.push(update.iterations), 100);
    const request = workers[0].requests[0];
    expect(request).toMatchObject({ type: 'layout-start', settings: { linLog: true }, iterations: 100 });
    const settings = {} as never;
    for (const iterations of [1, 5]) {
      workers[0].answer({ type: 'positions', id: request.id, positions: new Float32Array(4), iterations, settings });
    }
    workers[0].answer({ type: 'done', id: request.id });
    await expect(running).resolves.toBeUndefined();
    expect(seen).toEqual([1, 5]);
  });

  it('unpacks the names of a scores answer into arrays', async () => {
    const { client, workers } = setup();
    const scoring = client.scores(['pagerank']);
    const id = workers[0].requests[0].id;
    workers[0].answer({
      type: 'scores',
      id,
      packedIds: { text: '1020', ends: Uint32Array.from([2, 4]) },
      packedLabels: { text: 'tenb', ends: Uint32Array.from([3, 4]) },
      metrics: ['pagerank'],
      columns: [Float64Array.from([0.5, 0.5])],
      order: Uint32Array.from([0, 1]),
      attributeKeys: [],
    });
    const scores = await scoring;
    expect(scores.ids).toEqual(['10', '20']);
    expect(scores.labels).toEqual(['ten', 'b']);
  });

  it('answers a query with its value and routes its progress', async () => {
    const { client, workers } = setup();
    const phases: string[] = [];
    const asking = client.query({ type: 'groups', by: 'country', top: 3 }, (p) => phases.push(p.phase));
    const request = workers[0].requests[0];
    expect(request).toMatchObject({ type: 'groups', by: 'country', top: 3 });
    workers[0].answer({ type: 'progress', id: request.id, phase: 'Grouping', fraction: 0.4 });
    workers[0].answer({ type: 'result', id: request.id, value: { by: 'country', groups: [] } });
    await expect(asking).resolves.toEqual({ by: 'country', groups: [] });
    expect(phases).toEqual(['Grouping']);
  });

  it('lets the page reload the new worker before pending requests learn of the cancel', async () => {
    const { client, workers } = setup();
    const order: string[] = [];
    client.onRestart = () => {
      order.push(`restart with ${workers.length} workers`);
      void client.load([]);
    };
    const asking = client.query({ type: 'windows', width: 'week' }).catch((error: unknown) => {
      order.push(error instanceof CancelledError ? 'cancelled' : 'other');
    });
    client.cancel();
    await asking;
    expect(order).toEqual(['restart with 2 workers', 'cancelled']);
    // The reload went to the new worker, first.
    expect(workers[1].requests[0].type).toBe('load');
  });
});
