/**
 * Graceful shutdown: long-lived streams end at once (a listen stream with its final
 * result), requests in flight get a grace period to finish, then are cancelled.
 */
export interface Drainable {
  /** Ends the work now: cancels a request, or closes a stream gracefully. */
  shutdown(): void;
}

export class Drain {
  private readonly requests = new Set<Drainable>();
  private readonly streams = new Set<Drainable>();
  private idle: (() => void) | undefined;
  draining = false;

  addRequest(item: Drainable): void {
    this.requests.add(item);
  }

  removeRequest(item: Drainable): void {
    if (this.requests.delete(item) && this.requests.size === 0) this.idle?.();
  }

  addStream(item: Drainable): void {
    this.streams.add(item);
  }

  removeStream(item: Drainable): void {
    this.streams.delete(item);
  }

  get inFlight(): number {
    return this.requests.size;
  }

  async close(timeoutMs: number): Promise<void> {
    this.draining = true;
    for (const stream of [...this.streams]) stream.shutdown();
    this.streams.clear();
    if (this.requests.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        timer.unref();
        this.idle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.idle = undefined;
    }
    for (const request of [...this.requests]) request.shutdown();
    this.requests.clear();
  }
}
