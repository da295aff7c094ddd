/**
 * Gathers what a server sends on one stream (stdio, in-memory, an SSE session) while a
 * batch runs, answers the server's own requests with the batch's client answers, and says
 * when the batch has settled: every awaited id answered (or its listen acknowledged) and a
 * short quiet spell after, so that a second answer to the same id would be seen.
 */
import { idKey, type Batch } from "./frames.ts";

const SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";
const QUIET_MS = 30;

export interface Driver {
  readonly name: string;
  /** Sends the frames, waits until the answers settle, and reports what came back. */
  run(batch: Batch, awaited: Set<string>): Promise<{ out: string[]; side: string[]; alive: boolean; trouble: string[]; acked: string[] }>;
  close(): Promise<void>;
  /** Frames sent so far, client answers included. */
  sent: number;
}

export class Collector {
  out: string[] = [];
  acked: string[] = [];
  private waiting = new Set<string>();
  private settle: (() => void) | undefined;
  private quiet: NodeJS.Timeout | undefined;
  private answerIndex = 0;
  answers: Record<string, unknown>[] = [{ result: {} }];

  /** `reply` sends the client's answer to a request from the server. */
  constructor(private readonly reply: (text: string) => void) {}

  push(text: string): void {
    this.out.push(text);
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return this.touch();
    }
    if (typeof value !== "object" || value === null) return this.touch();
    if (typeof value.method === "string") {
      if ("id" in value) {
        const answer = this.answers[this.answerIndex++ % this.answers.length];
        this.reply(JSON.stringify({ jsonrpc: "2.0", id: value.id, ...answer }));
      } else if (value.method === "notifications/subscriptions/acknowledged") {
        const meta = (value.params as { _meta?: Record<string, unknown> } | undefined)?._meta;
        const key = idKey(meta?.[SUBSCRIPTION_ID]);
        if (key) {
          this.acked.push(key);
          this.waiting.delete(key);
        }
      }
    } else {
      const key = idKey(value.id);
      if (key) this.waiting.delete(key);
    }
    this.touch();
  }

  /** An answer that came another way (an HTTP error body): no longer awaited, but not part of `out`. */
  answeredElsewhere(text: string): void {
    let key: string | undefined;
    try {
      key = idKey((JSON.parse(text) as { id?: unknown }).id);
    } catch {
      /* not JSON: nothing to match */
    }
    if (key) this.waiting.delete(key);
    this.touch();
  }

  /** Starts a batch: clears what was seen and sets the ids to wait for. */
  begin(awaited: Set<string>, answers: Record<string, unknown>[]): void {
    this.out = [];
    this.acked = [];
    this.waiting = new Set(awaited);
    this.answers = answers;
  }

  /** Resolves once settled, after `timeoutMs`, or when `abort()` is called. */
  wait(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.finish(), timeoutMs);
      this.settle = () => {
        clearTimeout(timer);
        clearTimeout(this.quiet);
        this.settle = undefined;
        resolve();
      };
      this.touch();
    });
  }

  abort(): void {
    this.finish();
  }

  private finish(): void {
    this.settle?.();
  }

  private touch(): void {
    if (!this.settle || this.waiting.size > 0) return;
    clearTimeout(this.quiet);
    this.quiet = setTimeout(() => this.finish(), QUIET_MS);
  }
}

/** The byte stream of a batch: frames one per line, cut into chunks at the batch's cut points. */
export function chunksOf(batch: Batch): Buffer[] {
  const parts: Buffer[] = [];
  for (const f of batch.frames) parts.push(f, NEWLINE);
  const all = Buffer.concat(parts);
  const cuts = [...new Set(batch.cuts.map((c) => c % all.length))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const cut of cuts) {
    if (cut > start) chunks.push(all.subarray(start, cut));
    start = Math.max(start, cut);
  }
  chunks.push(all.subarray(start));
  return chunks;
}
const NEWLINE = Buffer.from("\n");

/** Incremental SSE parsing: calls `onEvent` for each complete event. */
export function sseParser(onEvent: (event: string, data: string) => void): (chunk: string) => void {
  let buffer = "";
  return (chunk) => {
    buffer += chunk.replaceAll("\r\n", "\n");
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      const data: string[] = [];
      let any = false;
      for (const line of block.split("\n")) {
        if (line.startsWith(":") || line === "") continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "data") {
          data.push(value);
          any = true;
        } else if (field === "event") event = value;
      }
      // As browsers do: an event whose data is empty (a priming event) is not dispatched.
      const text = data.join("\n");
      if (any && text !== "") onEvent(event, text);
    }
  };
}
