/**
 * Client side of stdio: spawns the server as a child process and speaks newline-delimited
 * JSON over its stdin and stdout. The process ending is the connection ending.
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { Readable } from "node:stream";
import type { Inbound, JsonRpcMessage } from "../protocol/jsonrpc.ts";
import type { MessageTransport } from "../protocol/transport.ts";
import { LineReader } from "../transports/line-reader.ts";

export interface StdioClientTransportOptions {
  command: string;
  args?: string[];
  /** Added to (and overriding) the parent's environment, so PATH and the like still reach the server. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** The server's stderr: shown in ours (default), readable as `transport.stderr`, or dropped. */
  stderr?: "inherit" | "pipe" | "ignore";
  /** How long close() waits after closing stdin, and again after SIGTERM, before the next step (default 2000 ms). */
  closeGraceMs?: number;
  maxMessageBytes?: number;
}

export class StdioClientTransport implements MessageTransport {
  private child: ChildProcess | undefined;
  private onClose: (() => void) | undefined;
  private exited: Promise<void> | undefined;
  private closing = false;
  private reported = false;

  constructor(private readonly options: StdioClientTransportOptions) {
    if (!options?.command) throw new TypeError("StdioClientTransport needs a command to run");
  }

  /** The server's stderr when `stderr: "pipe"`; available once started. */
  get stderr(): Readable | null {
    return this.child?.stderr ?? null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Resolves once the process runs; rejects if it cannot be started (e.g. command not found). */
  async start(handlers: { onMessage(inbound: Inbound): void; onClose(): void }): Promise<void> {
    if (this.child) throw new Error("StdioClientTransport was already started");
    this.onClose = handlers.onClose;
    const { command, args = [], env, cwd, stderr = "inherit" } = this.options;
    const child = spawn(command, args, {
      cwd,
      env: env ? { ...process.env, ...env } : process.env,
      stdio: ["pipe", "pipe", stderr],
      windowsHide: true,
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once("close", () => resolve()));
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", (error) => reject(new Error(`Could not start MCP server "${command}": ${error.message}`, { cause: error })));
    });
    const reader = new LineReader(handlers.onMessage, this.options.maxMessageBytes);
    child.stdout!.on("data", (chunk: Buffer) => reader.push(chunk));
    // A server that exits mid-write makes stdin emit EPIPE; the exit itself is reported below.
    child.stdin!.on("error", () => {});
    child.on("error", () => {});
    child.once("close", () => this.report());
  }

  send(message: JsonRpcMessage): void {
    const stdin = this.child?.stdin;
    if (this.closing || !stdin || stdin.destroyed || !stdin.writable) return;
    stdin.write(JSON.stringify(message) + "\n");
  }

  /** Closes stdin (servers exit on end of input), then SIGTERM, then SIGKILL, each after a grace period. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child || this.closing) return this.exited;
    this.closing = true;
    const grace = this.options.closeGraceMs ?? 2000;
    child.stdin?.end();
    if (!(await this.exitWithin(grace))) {
      child.kill("SIGTERM");
      if (!(await this.exitWithin(grace))) {
        child.kill("SIGKILL");
        await this.exited;
      }
    }
    this.report();
  }

  private async exitWithin(ms: number): Promise<boolean> {
    const child = this.child!;
    if (child.exitCode !== null || child.signalCode !== null) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const exited = this.exited!.then(() => true);
    const done = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    return done;
  }

  private report(): void {
    if (this.reported) return;
    this.reported = true;
    this.onClose?.();
  }
}
