/**
 * The server's bus: in-process until a shared one (Redis) is plugged in, which can happen
 * after components and transports have subscribed (`mcpkit run --redis` learns of it only
 * once the user's module has built its server). Plugging moves every subscription over.
 */
import type { Bus, BusEvents, BusTopic, Unsubscribe } from "./bus.ts";

interface Subscription {
  topic: BusTopic;
  listener: (event: never) => void;
  off: Unsubscribe;
}

export class BusPort implements Bus {
  private readonly subscriptions = new Set<Subscription>();

  constructor(private target: Bus) {}

  /** The bus events now go through. */
  get current(): Bus {
    return this.target;
  }

  publish<T extends BusTopic>(topic: T, event: BusEvents[T]): void {
    this.target.publish(topic, event);
  }

  subscribe<T extends BusTopic>(topic: T, listener: (event: BusEvents[T]) => void): Unsubscribe {
    const subscription: Subscription = { topic, listener: listener as (event: never) => void, off: this.target.subscribe(topic, listener) };
    this.subscriptions.add(subscription);
    return () => {
      if (!this.subscriptions.delete(subscription)) return;
      subscription.off();
    };
  }

  /** Routes everything through `bus` from now on; the subscriptions made so far follow. */
  plug(bus: Bus): void {
    if (bus === this.target) return;
    for (const subscription of this.subscriptions) {
      subscription.off();
      subscription.off = bus.subscribe(subscription.topic, subscription.listener as (event: BusEvents[BusTopic]) => void);
    }
    this.target = bus;
  }
}
