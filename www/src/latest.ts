/**
 * Live controls (weight sliders) ask for work faster than the worker can do it. Calls are
 * debounced, and at most one job runs at a time: a job submitted while another runs waits,
 * replacing any job already waiting, so the last setting always wins and none piles up.
 * Pure (timers aside), so it is unit-tested.
 */

export class LatestOnly {
  private running: Promise<void> | null = null;
  private waiting: (() => Promise<void>) | null = null;
  private waiters: (() => void)[] = [];

  /** Runs `job` now, or after the running one (unless a newer job replaces it meanwhile). Resolves when the work caught up. */
  submit(job: () => Promise<void>): Promise<void> {
    if (this.running) {
      this.waiting = job;
      return new Promise((resolve) => this.waiters.push(resolve));
    }
    this.running = this.drain(job);
    return this.running;
  }

  /** Whether a job is running or waiting. */
  get busy(): boolean {
    return this.running !== null;
  }

  private async drain(first: () => Promise<void>): Promise<void> {
    let job: (() => Promise<void>) | null = first;
    while (job) {
      try {
        await job();
      } catch {
        // The job reports its own errors; a failure must not stop the next setting.
      }
      job = this.waiting;
      this.waiting = null;
    }
    this.running = null;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** `fn` called `ms` after the last of a burst of calls, with that call's arguments. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): ((...args: A) => void) & { flush(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: A | null = null;
  const debounced = (...args: A) => {
    pending = args;
    if (timer) clearTimeout(timer);
    timer = setTimeout(debounced.flush, ms);
  };
  debounced.flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const args = pending;
    pending = null;
    if (args) fn(...args);
  };
  return debounced;
}
