/**
 * A worker thread that analyses document chunks, so that opening a large file uses both cores.
 * The same bundle (server or CLI) runs as the worker when started with `workerData.netpolWorker`.
 * Results come back by structured clone; any failure falls back to analysing on the caller's thread.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { analyseChunk, type AnalysedChunk, type Chunk, type ChunkAnalysisPool } from '../core/index';

interface Request {
  id: number;
  chunks: Chunk[];
}

interface Reply {
  id: number;
  results?: AnalysedChunk[];
  error?: string;
}

/** True in the worker thread: the entry point then serves chunk requests instead of starting. */
export function isChunkWorker(): boolean {
  return !isMainThread && (workerData as { netpolWorker?: boolean } | undefined)?.netpolWorker === true;
}

export function serveChunkRequests(): void {
  parentPort!.on('message', ({ id, chunks }: Request) => {
    try {
      // the caller has the texts: send the analyses without them (half the bytes to copy back)
      const results = chunks.map((c) => {
        const a = analyseChunk(c);
        return { ...a, text: '', edit: { ...a.edit, text: '' } };
      });
      parentPort!.postMessage({ id, results } satisfies Reply);
    } catch (e) {
      parentPort!.postMessage({ id, error: e instanceof Error ? e.message : String(e) } satisfies Reply);
    }
  });
}

/**
 * The worker is stopped a second after its last request: its heap (the other half of a large
 * file's parse) is given back soon, which keeps the server's memory low while the user types, and
 * files opened together (a window restored) still share one warm worker.
 */
const IDLE_MS = 1_000;

export class WorkerPool implements ChunkAnalysisPool {
  private worker: Worker | undefined;
  private nextId = 0;
  private idle: NodeJS.Timeout | undefined;
  private readonly pending = new Map<number, { resolve: (r: AnalysedChunk[]) => void; reject: (e: Error) => void }>();

  constructor(private readonly script: string) {}

  analyse(chunks: Chunk[]): Promise<AnalysedChunk[]> {
    clearTimeout(this.idle);
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // put the texts back (the worker leaves them out); the edit context is the one object all
      // of a chunk's policies share, so it is completed in place
      const restore = (results: AnalysedChunk[]) =>
        resolve(
          results.map((a, i) => {
            a.text = chunks[i].text;
            a.edit.text = chunks[i].text;
            return a;
          }),
        );
      this.pending.set(id, { resolve: restore, reject });
      worker.postMessage({ id, chunks: chunks.map((c) => ({ start: c.start, text: c.text, estimatedDocuments: c.estimatedDocuments })) } satisfies Request);
    });
  }

  dispose(): void {
    clearTimeout(this.idle);
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { workerData: { netpolWorker: true } });
    worker.unref(); // never keeps a process alive
    worker.on('message', ({ id, results, error }: Reply) => {
      const p = this.pending.get(id);
      this.pending.delete(id);
      // large analyses are rare (opening a big file): give the worker's memory back once it idles
      if (this.pending.size === 0) this.idle = setTimeout(() => this.dispose(), IDLE_MS).unref();
      if (results) p?.resolve(results);
      else p?.reject(new Error(error ?? 'worker failed'));
    });
    const fail = (e: Error) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      this.worker = undefined;
    };
    worker.on('error', fail);
    worker.on('exit', () => {
      if (this.worker === worker) fail(new Error('worker exited'));
    });
    this.worker = worker;
    return worker;
  }
}
