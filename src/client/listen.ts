/**
 * One open `subscriptions/listen` stream (2026-07-28). The server first acknowledges the
 * part of the filter it honours, then sends notifications tagged with the listen request's
 * id until either side ends the stream.
 */
import type { RequestId } from "../protocol/jsonrpc.ts";
import type { ListenFilter, NotificationHandler, ServerNotification } from "./types.ts";

export class ListenHandle {
  /** The filter the server honours; rejects if the server refuses the stream. */
  readonly acknowledged: Promise<ListenFilter>;
  /** Settles when the stream has ended, from either side. */
  readonly ended: Promise<void>;
  private ack!: { resolve(filter: ListenFilter): void; reject(error: unknown): void };
  private markEnded!: () => void;
  private done = false;

  constructor(
    readonly id: RequestId,
    private readonly onNotification: NotificationHandler,
    /** Sends `notifications/cancelled` for the listen request and forgets it. */
    private readonly cancel: () => void,
  ) {
    this.acknowledged = new Promise((resolve, reject) => (this.ack = { resolve, reject }));
    // Callers that only want notifications need not await the acknowledgement.
    this.acknowledged.catch(() => {});
    this.ended = new Promise((resolve) => (this.markEnded = resolve));
  }

  get isOpen(): boolean {
    return !this.done;
  }

  /** @internal a notification tagged with this stream's id. */
  deliver(notification: ServerNotification): void {
    if (this.done) return;
    if (notification.method === "notifications/subscriptions/acknowledged") {
      this.ack.resolve((notification.params?.notifications ?? {}) as ListenFilter);
      return;
    }
    this.onNotification(notification);
  }

  /** @internal the stream ended: the server answered, errored, cancelled it, or the connection closed. */
  finish(error?: unknown): void {
    if (this.done) return;
    this.done = true;
    this.ack.reject(error ?? new Error("The listen stream ended before the server acknowledged it"));
    this.markEnded();
  }

  /** Ends the stream: the server is told with `notifications/cancelled`. */
  async close(): Promise<void> {
    if (this.done) return;
    this.cancel();
    this.finish(new Error("The listen stream was closed before the server acknowledged it"));
  }
}
