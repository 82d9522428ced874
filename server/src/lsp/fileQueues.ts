/**
 * One queue per file: the updates of a file run in order (each edit hint is relative to the text
 * analysed before it), and a file of the index analysed in slices is not overtaken by an older
 * update. Requests wait for their file's queue, so they answer on the current text.
 */
export class FileQueues {
  private readonly queues = new Map<string, Promise<void>>();

  /** `failed` hears of work that threw; the queue goes on with the next. */
  constructor(private readonly failed: (key: string, error: unknown) => void) {}

  /** Runs `work` after the file's queued work; resolves when it has run (also when it threw). */
  enqueue(key: string, work: () => Promise<void>): Promise<void> {
    const next = (this.queues.get(key) ?? Promise.resolve()).then(work).catch((e) => this.failed(key, e));
    this.queues.set(key, next);
    void next.then(() => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    });
    return next;
  }

  /** Resolves once every queued update of the file has run. */
  settled(key: string): Promise<void> {
    return this.queues.get(key) ?? Promise.resolve();
  }

  /** Resolves once every file's queued updates (as queued now) have run. */
  async allSettled(): Promise<void> {
    await Promise.all(this.queues.values());
  }
}
