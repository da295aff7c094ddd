/**
 * `Bus` on Redis pub/sub: one channel per topic. Listeners in this process hear an event at
 * once, as on the in-memory bus; every other instance hears it through Redis. Each message
 * names the instance it came from, so an instance does not hear its own events twice.
 */
import { randomUUID } from "node:crypto";
import { MemoryBus, type Bus, type BusEvents, type BusTopic, type Unsubscribe } from "../state/bus.ts";
import { DEFAULT_PREFIX, type RedisCommands } from "./commands.ts";

/** A connection in subscriber mode (node-redis: a `duplicate()` of the client, connected). */
export interface RedisSubscriber {
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
}

interface Envelope {
  from: string;
  event: unknown;
}

export class RedisBus implements Bus {
  /** This instance, as its messages name it. */
  readonly instanceId = randomUUID();
  private readonly local = new MemoryBus();
  private readonly channels = new Map<string, Promise<unknown>>();

  constructor(
    private readonly publisher: RedisCommands,
    private readonly subscriber: RedisSubscriber,
    private readonly prefix = `${DEFAULT_PREFIX}bus:`,
  ) {}

  publish<T extends BusTopic>(topic: T, event: BusEvents[T]): void {
    this.local.publish(topic, event);
    const envelope: Envelope = { from: this.instanceId, event };
    this.publisher.sendCommand(["PUBLISH", this.prefix + topic, JSON.stringify(envelope)]).catch((error: unknown) => {
      process.emitWarning(`mcpkit/redis: could not publish "${topic}": ${(error as Error)?.message ?? error}`);
    });
  }

  subscribe<T extends BusTopic>(topic: T, listener: (event: BusEvents[T]) => void): Unsubscribe {
    const off = this.local.subscribe(topic, listener);
    const channel = this.prefix + topic;
    if (!this.channels.has(channel)) {
      const subscribed = this.subscriber
        .subscribe(channel, (message) => this.receive(topic, message))
        .catch((error: unknown) => {
          this.channels.delete(channel);
          process.emitWarning(`mcpkit/redis: could not subscribe to "${topic}": ${(error as Error)?.message ?? error}`);
        });
      this.channels.set(channel, subscribed);
    }
    return off;
  }

  /** Resolves once every subscription made so far is active in Redis. */
  async ready(): Promise<void> {
    await Promise.all(this.channels.values());
  }

  private receive<T extends BusTopic>(topic: T, message: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message) as Envelope;
    } catch {
      return; // not one of ours
    }
    if (!envelope || envelope.from === this.instanceId) return;
    this.local.publish(topic, envelope.event as BusEvents[T]);
  }
}
