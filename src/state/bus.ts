/**
 * Publish/subscribe seam for everything that fans out beyond one request: list changes,
 * resource updates, listen streams. In-memory here; a Redis bus can stand behind it for
 * several instances.
 */
export type Unsubscribe = () => void;

export interface Bus {
  publish(topic: string, message: unknown): void;
  subscribe(topic: string, listener: (message: unknown) => void): Unsubscribe;
}

export class MemoryBus implements Bus {
  private readonly topics = new Map<string, Set<(message: unknown) => void>>();

  publish(topic: string, message: unknown): void {
    const listeners = this.topics.get(topic);
    if (!listeners) return;
    for (const listener of [...listeners]) {
      try {
        listener(message);
      } catch (error) {
        // One broken subscriber must not stop the others from hearing the message.
        process.emitWarning(`mcpkit: a bus listener on "${topic}" threw: ${(error as Error)?.message ?? error}`);
      }
    }
  }

  subscribe(topic: string, listener: (message: unknown) => void): Unsubscribe {
    let listeners = this.topics.get(topic);
    if (!listeners) this.topics.set(topic, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.topics.delete(topic);
    };
  }
}
