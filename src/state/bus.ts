/**
 * Publish/subscribe seam for everything that fans out beyond one request: list changes,
 * resource updates, sessions ended elsewhere. Every event is a JSON object named by its
 * topic in `BusEvents`, so a bus between processes (Redis) carries it as it is. An extension
 * adds its own events by declaring them on `BusEvents`:
 *
 *     declare module "mcpkit" { interface BusEvents { "task-updated": { taskId: string } } }
 */
import type { JsonRpcResponse } from "../protocol/jsonrpc.ts";

export type Unsubscribe = () => void;

/** The kinds of components whose lists change (templates change with resources). */
export type ListKind = "tools" | "prompts" | "resources";

/** Every event the bus carries, by topic. */
export interface BusEvents {
  "list-changed": { kind: ListKind };
  "resource-updated": { uri: string };
  /** A legacy HTTP session ended (closed or expired) on some instance. */
  "session-ended": { sessionId: string };
  /**
   * A client's answer (a JSON-RPC response) to a server request of a legacy session, that
   * reached an instance other than the one waiting for it.
   */
  "client-response": { sessionId: string; response: JsonRpcResponse };
  /** A legacy session's record changed (log level, subscriptions): instances holding it reload it. */
  "session-changed": { sessionId: string };
  /** A client cancelled a request of its legacy session that runs on another instance. */
  "client-cancelled": { sessionId: string; requestId: string | number; reason?: string };
}

export type BusTopic = keyof BusEvents & string;

export interface Bus {
  publish<T extends BusTopic>(topic: T, event: BusEvents[T]): void;
  subscribe<T extends BusTopic>(topic: T, listener: (event: BusEvents[T]) => void): Unsubscribe;
}

type Listener = (event: never) => void;

export class MemoryBus implements Bus {
  private readonly topics = new Map<string, Set<Listener>>();

  publish<T extends BusTopic>(topic: T, event: BusEvents[T]): void {
    const listeners = this.topics.get(topic);
    if (!listeners) return;
    for (const listener of [...listeners]) {
      try {
        (listener as (event: BusEvents[T]) => void)(event);
      } catch (error) {
        // One broken subscriber must not stop the others from hearing the event.
        process.emitWarning(`mcpkit: a bus listener on "${topic}" threw: ${(error as Error)?.message ?? error}`);
      }
    }
  }

  subscribe<T extends BusTopic>(topic: T, listener: (event: BusEvents[T]) => void): Unsubscribe {
    let listeners = this.topics.get(topic);
    if (!listeners) this.topics.set(topic, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.topics.get(topic) === listeners) this.topics.delete(topic);
    };
  }
}
