/**
 * `mcpkit run --workers N`: the primary process. It forks N workers that all serve the same
 * port (node:cluster shares it), holds the state they share when there is no Redis (a store,
 * and a bus that passes each worker's events to the others), replaces a worker that dies, and
 * on SIGTERM or SIGINT lets every worker drain its requests before exiting.
 */
import cluster, { type Worker } from "node:cluster";
import { randomBytes } from "node:crypto";
import { MemoryStore } from "../state/store.ts";
import { isMessage, WORKER_ENV, WORKER_SECRET_ENV, type ToPrimary, type ToWorker } from "./messages.ts";

export interface PrimaryOptions {
  workers: number;
  /** The worker's command line: the CLI's own arguments without --workers. */
  args: string[];
  log: (line: string) => void;
}

export async function runPrimary({ workers, args, log }: PrimaryOptions): Promise<number> {
  const store = new MemoryStore();
  const secret = process.env[WORKER_SECRET_ENV] ?? randomBytes(32).toString("base64url");
  let stopping = false;
  cluster.setupPrimary({ args, silent: false });

  const fork = (index: number): Worker => {
    const worker = cluster.fork({ [WORKER_ENV]: String(index), [WORKER_SECRET_ENV]: secret });
    worker.on("message", (message: unknown) => {
      if (!isMessage(message)) return;
      const typed = message as ToPrimary;
      if (typed.mcpkit === "bus") {
        for (const other of Object.values(cluster.workers ?? {})) {
          if (other && other !== worker && other.isConnected())
            other.send({ mcpkit: "bus", topic: typed.topic, event: typed.event } satisfies ToWorker);
        }
      } else if (typed.mcpkit === "store") {
        void answer(typed.request).then((value) => {
          if (worker.isConnected()) worker.send({ mcpkit: "store-reply", id: typed.id, value } satisfies ToWorker);
        });
      }
    });
    worker.once("exit", (code, signal) => {
      if (stopping) return;
      log(`mcpkit: worker ${index} stopped (${signal ?? `exit code ${code}`}); starting another`);
      fork(index);
    });
    return worker;
  };

  const answer = async (request: Extract<ToPrimary, { mcpkit: "store" }>["request"]): Promise<unknown> => {
    if (request.op === "get") return store.get(request.key);
    if (request.op === "set") return store.set(request.key, request.value, request.ttlMs);
    return store.delete(request.key);
  };

  for (let i = 1; i <= workers; i++) fork(i);
  log(`mcpkit: ${workers} workers serving one port (pid ${process.pid} is the primary)`);

  return new Promise<number>((resolve) => {
    const stop = (code: number) => {
      if (stopping) return;
      stopping = true;
      const running = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
      let left = running.length;
      if (left === 0) return resolve(code);
      for (const worker of running) {
        worker.once("exit", () => {
          if (--left === 0) resolve(code);
        });
        worker.process.kill("SIGTERM"); // each drains its requests in flight, then exits
      }
    };
    process.once("SIGINT", () => stop(130));
    process.once("SIGTERM", () => stop(143));
  });
}
