/**
 * Server side of the stdio transport: newline-delimited JSON on stdin/stdout. While it
 * serves, anything else written to stdout (a stray console.log) is sent to stderr, so
 * stdout carries nothing but protocol messages.
 */
import type { Readable, Writable } from "node:stream";
import type { JsonRpcMessage } from "../protocol/jsonrpc.ts";
import { serializeMessage } from "../protocol/serialize.ts";
import type { MessageTransport, TransportHandlers } from "../protocol/transport.ts";
import { LineReader } from "./line-reader.ts";

export interface StdioTransportOptions {
  input?: Readable;
  output?: Writable;
  maxMessageBytes?: number;
  /** Send other writes to process.stdout to stderr while serving (default: when output is process.stdout). */
  guardStdout?: boolean;
}

const FINAL_WRITE_WAIT_MS = 5000;

export class StdioServerTransport implements MessageTransport {
  private readonly input: Readable;
  private readonly output: Writable;
  private readonly options: StdioTransportOptions;
  private queue: string[] = [];
  private flushScheduled = false;
  private write: (text: string, done?: () => void) => void;
  private restoreStdout: (() => void) | undefined;
  private closed = false;
  private onClose: (() => void) | undefined;
  private inputEnded = false;

  constructor(options: StdioTransportOptions = {}) {
    this.options = options;
    this.input = options.input ?? process.stdin;
    this.output = options.output ?? process.stdout;
    this.write = (text, done) => {
      this.output.write(text, done);
    };
  }

  start(handlers: TransportHandlers): void {
    this.onClose = handlers.onClose;
    if (this.options.guardStdout ?? this.output === process.stdout) this.guardStdout();
    const reader = new LineReader(handlers.onMessage, this.options.maxMessageBytes);
    this.input.on("data", (chunk: Buffer | string) => reader.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk));
    // stdin at EOF is how a client says it is done, but it may still read stdout: with an
    // onInputEnd the connection finishes what is in flight and closes us itself.
    const ended = () => {
      if (this.inputEnded || this.closed) return;
      this.inputEnded = true;
      if (handlers.onInputEnd) handlers.onInputEnd();
      else void this.close();
    };
    this.input.once("end", ended);
    this.input.once("close", ended);
    this.input.once("error", ended);
    this.output.on?.("error", () => void this.close());
  }

  send(message: JsonRpcMessage): void {
    if (this.closed) return;
    this.queue.push(serializeMessage(message));
    // Answers finished while this batch of input is handled go out in one write (setImmediate
    // runs once the event loop's I/O phase is done): far fewer pipe syscalls under load.
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  }

  private readonly flush = (done?: () => void): void => {
    this.flushScheduled = false;
    if (this.queue.length === 0) return done?.();
    const text = this.queue.length === 1 ? this.queue[0] + "\n" : this.queue.join("\n") + "\n";
    this.queue = [];
    this.write(text, done);
  };

  private guardStdout(): void {
    const stdout = process.stdout;
    const original = stdout.write;
    const protocolWrite = original.bind(stdout) as (text: string, done?: () => void) => boolean;
    this.write = (text, done) => {
      protocolWrite(text, done);
    };
    stdout.write = process.stderr.write.bind(process.stderr) as typeof stdout.write;
    this.restoreStdout = () => {
      stdout.write = original;
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // The last answers are handed to the OS before close resolves (and the process may exit);
    // a reader that never reads stdout cannot hold the exit up for longer than a few seconds.
    const written = new Promise<void>((resolve) => {
      setTimeout(resolve, FINAL_WRITE_WAIT_MS).unref();
      this.flush(resolve);
    });
    this.closed = true;
    this.restoreStdout?.();
    this.input.pause();
    this.input.removeAllListeners("data");
    this.onClose?.();
    await written;
  }
}
