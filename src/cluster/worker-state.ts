/**
 * A worker's view of the state its primary holds (`mcpkit run --workers` without Redis): a
 * `Store` whose entries live in the primary, and a `Bus` whose events the primary passes to
 * every other worker. Legacy sessions and their streams then work whichever worker a
 * connection lands on.
 */
import { MemoryBus, type Bus, type BusEvents, type BusTopic, type Unsubscribe } from "../state/bus.ts";
import type { Store } from "../state/store.ts";
import { isMessage, type StoreOp, type ToPrimary, type ToWorker } from "./messages.ts";

export function workerState(): { store: Store; bus: Bus } {
  if (typeof process.send !== "function") throw new Error("mcpkit: workerState() runs only in a worker of mcpkit run --workers");
  const send = (message: ToPrimary) => process.send!(message);
  const waiting = new Map<number, (value: unknown) => void>();
  const local = new MemoryBus();
  let nextId = 0;
  process.on("message", (message: unknown) => {
    if (!isMessage(message)) return;
    const typed = message as ToWorker;
    if (typed.mcpkit === "store-reply") {
      waiting.get(typed.id)?.(typed.value);
      waiting.delete(typed.id);
    } else if (typed.mcpkit === "bus") {
      local.publish(typed.topic as BusTopic, typed.event as never);
    }
  });
  const ask = (request: StoreOp) =>
    new Promise<unknown>((resolve) => {
      const id = ++nextId;
      waiting.set(id, resolve);
      send({ mcpkit: "store", id, request });
    });
  const store: Store = {
    get: async <T>(key: string) => (await ask({ op: "get", key })) as T | undefined,
    set: async (key, value, ttlMs) => {
      // JSON across the pipe: Infinity is not JSON, so "no expiry" travels as undefined.
      await ask({ op: "set", key, value, ttlMs: ttlMs !== undefined && Number.isFinite(ttlMs) ? ttlMs : undefined });
    },
    delete: async (key) => {
      await ask({ op: "delete", key });
    },
  };
  const bus: Bus = {
    publish<T extends BusTopic>(topic: T, event: BusEvents[T]) {
      local.publish(topic, event);
      send({ mcpkit: "bus", topic, event });
    },
    subscribe<T extends BusTopic>(topic: T, listener: (event: BusEvents[T]) => void): Unsubscribe {
      return local.subscribe(topic, listener);
    },
  };
  return { store, bus };
}
