/**
 * Server side of the stdio transport: newline-delimited JSON on stdin/stdout. While it
 * serves, anything else written to stdout (a stray console.log) is sent to stderr, so
 * stdout carries nothing but protocol messages.
 */
import type { Readable, Writable } from "node:stream";
import type { Inbound, JsonRpcMessage } from "../protocol/jsonrpc.ts";
import type { MessageTransport } from "../protocol/transport.ts";
import { LineReader } from "./line-reader.ts";

export interface StdioTransportOptions {
  input?: Readable;
  output?: Writable;
  maxMessageBytes?: number;
  /** Send other writes to process.stdout to stderr while serving (default: when output is process.stdout). */
  guardStdout?: boolean;
}

export class StdioServerTransport implements MessageTransport {
  private readonly input: Readable;
  private readonly output: Writable;
  private readonly options: StdioTransportOptions;
  private queue: string[] = [];
  private flushScheduled = false;
  private write: (text: string) => void;
  private restoreStdout: (() => void) | undefined;
  private closed = false;
  private onClose: (() => void) | undefined;

  constructor(options: StdioTransportOptions = {}) {
    this.options = options;
    this.input = options.input ?? process.stdin;
    this.output = options.output ?? process.stdout;
    this.write = (text) => { this.output.write(text); };
  }

  start(handlers: { onMessage(inbound: Inbound): void; onClose(): void }): void {
    this.onClose = handlers.onClose;
    if (this.options.guardStdout ?? this.output === process.stdout) this.guardStdout();
    const reader = new LineReader(handlers.onMessage, this.options.maxMessageBytes);
    this.input.on("data", (chunk: Buffer | string) => reader.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk));
    this.input.once("end", () => void this.close());
    this.input.once("close", () => void this.close());
    this.input.once("error", () => void this.close());
    this.output.on?.("error", () => void this.close());
  }

  send(message: JsonRpcMessage): void {
    if (this.closed) return;
    this.queue.push(JSON.stringify(message));
    // Answers finished while this batch of input is handled go out in one write (setImmediate
    // runs once the event loop's I/O phase is done): far fewer pipe syscalls under load.
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.queue.length === 0) return;
    const text = this.queue.length === 1 ? this.queue[0] + "\n" : this.queue.join("\n") + "\n";
    this.queue = [];
    this.write(text);
  };

  private guardStdout(): void {
    const stdout = process.stdout;
    const original = stdout.write;
    const protocolWrite = original.bind(stdout) as (text: string) => boolean;
    this.write = (text) => { protocolWrite(text); };
    stdout.write = process.stderr.write.bind(process.stderr) as typeof stdout.write;
    this.restoreStdout = () => { stdout.write = original; };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.restoreStdout?.();
    this.input.pause();
    this.input.removeAllListeners("data");
    this.onClose?.();
  }
}
