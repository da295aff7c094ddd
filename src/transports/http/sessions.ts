/**
 * The live legacy sessions of one HTTP handler: unguessable ids, a cap, and expiry of idle
 * ones. When the table is full the least recently used idle session makes room; if every
 * session is busy (a request in flight or a stream open), a new one is refused (503).
 * Session records also go to the Store, so another instance sharing it can pick a session up.
 */
import { randomBytes } from "node:crypto";
import type { Bus } from "../../state/bus.ts";
import type { Store } from "../../state/store.ts";

export interface ManagedSession {
  readonly id: string;
  /** Epoch ms of the last request or stream activity. */
  lastSeen: number;
  /** True while a request runs or a stream is open: such a session is never expired or evicted. */
  readonly busy: boolean;
  close(): void;
}

/** 32 characters of base64url from 192 random bits: visible ASCII, as the spec asks. */
export const newSessionId = () => randomBytes(24).toString("base64url");

export class SessionTable<S extends ManagedSession> {
  private readonly live = new Map<string, S>();
  private timer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly idleTimeoutMs: number,
    private readonly maxSessions: number,
    private readonly store: Store,
    private readonly bus: Bus,
    /** The store is shared with other instances: a session idle here may be busy elsewhere. */
    private readonly shared = false,
  ) {
    // A session ended on another instance (DELETE there) must end here too.
    this.unsubscribe = bus.subscribe("session-ended", ({ sessionId }) => this.closeLocal(sessionId));
  }

  get size(): number {
    return this.live.size;
  }

  /** Adds a session; false when full and nothing could be evicted. */
  add(session: S): boolean {
    if (this.live.size >= this.maxSessions && !this.evictOne()) return false;
    this.live.set(session.id, session);
    this.startSweeping();
    return true;
  }

  /** The live session with this id, marked as just used. */
  get(id: string): S | undefined {
    const session = this.live.get(id);
    if (!session) return undefined;
    session.lastSeen = Date.now();
    // Map order is the eviction order: re-inserting moves it to the most recent end.
    this.live.delete(id);
    this.live.set(id, session);
    return session;
  }

  /** The live session with this id, without marking it used. */
  peek(id: string): S | undefined {
    return this.live.get(id);
  }

  /** Ends a session here and on every instance that shares the bus, and forgets its record. */
  end(id: string): void {
    this.closeLocal(id);
    this.bus.publish("session-ended", { sessionId: id });
    void this.store.delete(recordKey(id));
  }

  private closeLocal(id: string): void {
    const session = this.live.get(id);
    if (!session) return;
    this.live.delete(id);
    session.close();
  }

  /** Stores what another instance needs to continue a session; it expires with the idle timeout. */
  saveRecord(id: string, record: unknown): Promise<void> {
    return this.store.set(recordKey(id), record, this.idleTimeoutMs);
  }

  loadRecord<T>(id: string): Promise<T | undefined> {
    return this.store.get<T>(recordKey(id));
  }

  private evictOne(): boolean {
    for (const session of this.live.values()) {
      if (!session.busy) {
        this.end(session.id);
        return true;
      }
    }
    return false;
  }

  private startSweeping(): void {
    if (this.timer) return;
    const every = Math.max(10, Math.min(this.idleTimeoutMs / 2, 30_000));
    this.timer = setInterval(() => this.sweep(), every);
    this.timer.unref();
  }

  /** Ends sessions idle for longer than the timeout. */
  sweep(now = Date.now()): void {
    for (const session of [...this.live.values()]) {
      if (session.busy || now - session.lastSeen < this.idleTimeoutMs) continue;
      // Shared: only this instance's copy goes; the record expires in the store by itself
      // unless another instance keeps the session in use.
      if (this.shared) this.closeLocal(session.id);
      else this.end(session.id);
    }
    if (this.live.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** Every live session, for shutdown. */
  all(): S[] {
    return [...this.live.values()];
  }

  close(): void {
    for (const session of this.all()) this.closeLocal(session.id);
    clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribe();
  }
}

const recordKey = (id: string) => `mcpkit:http:session:${id}`;
