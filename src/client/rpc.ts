/**
 * The client's JSON-RPC plumbing over one message transport: outgoing requests with ids,
 * timeouts and cancellation; incoming requests answered through a callback; notifications
 * handed up. It knows nothing of MCP eras or methods.
 */
import { ErrorCode, McpError } from "../protocol/errors.ts";
import type { Inbound, JsonRpcMessage, JsonRpcNotification, JsonRpcRequest, JsonRpcResponse, RequestId } from "../protocol/jsonrpc.ts";
import type { MessageTransport } from "../protocol/transport.ts";

export type Result = Record<string, unknown>;

export interface RpcHandlers {
  /** Answers a request the server sent; a thrown McpError becomes that JSON-RPC error. */
  onRequest(request: JsonRpcRequest, signal: AbortSignal): Promise<Result>;
  onNotification(notification: JsonRpcNotification): void;
  onClose(): void;
}

export interface SendOptions {
  signal?: AbortSignal;
  /** 0 (or Infinity) waits for ever: listen streams answer only when they end. */
  timeoutMs: number;
  /** `progressed()` restarts the `timeoutMs` countdown (the server is still working). */
  resetTimeoutOnProgress?: boolean;
  /** An upper bound from the moment of sending that progress cannot extend; 0 or unset: none. */
  maxTotalTimeoutMs?: number;
}

/** A request on its way: its id, its answer, and a hook for progress that concerns it. */
export interface BegunRequest {
  id: RequestId;
  result: Promise<Result>;
  /** Progress for this request arrived: restarts its timeout if it was sent with resetTimeoutOnProgress. */
  progressed(): void;
}

const limited = (ms: number | undefined): ms is number => ms !== undefined && ms > 0 && Number.isFinite(ms);

interface Pending {
  method: string;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

export class RpcChannel {
  private readonly pending = new Map<RequestId, Pending>();
  /** Requests the server sent us that are still being answered, so it can cancel them. */
  private readonly incoming = new Map<RequestId, AbortController>();
  private nextId = 0;
  private closed = false;

  constructor(
    private readonly transport: MessageTransport,
    private readonly handlers: RpcHandlers,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  async start(): Promise<void> {
    await this.transport.start({ onMessage: (inbound) => this.receive(inbound), onClose: () => this.shutDown() });
  }

  /** Sends a request; the id is known at once so callers can route what arrives before the answer. */
  begin(method: string, params: Result | undefined, options: SendOptions): BegunRequest {
    const id = ++this.nextId;
    let progressed = () => {};
    const result = new Promise<Result>((resolve, reject) => {
      if (this.closed) return reject(closedError());
      const { signal, timeoutMs, maxTotalTimeoutMs } = options;
      if (signal?.aborted) return reject(signal.reason);
      let timer: NodeJS.Timeout | undefined;
      let totalTimer: NodeJS.Timeout | undefined;
      const finish = () => {
        this.pending.delete(id);
        if (timer) clearTimeout(timer);
        if (totalTimer) clearTimeout(totalTimer);
        signal?.removeEventListener("abort", onAbort);
      };
      // The server is told to stop, as for a cancel; the error names the method and the time.
      const expire = (what: string, data: Result) => {
        finish();
        this.notify("notifications/cancelled", { requestId: id, reason: `Timed out after ${what}` });
        reject(new McpError(ErrorCode.RequestTimeout, `${method} timed out after ${what}`, data));
      };
      const onAbort = () => {
        finish();
        this.notify("notifications/cancelled", { requestId: id, reason: reasonText(signal?.reason) });
        reject(signal?.reason);
      };
      if (limited(timeoutMs)) {
        const arm = () => {
          if (timer) clearTimeout(timer);
          timer = setTimeout(
            () =>
              options.resetTimeoutOnProgress
                ? expire(`${timeoutMs} ms without an answer or progress`, { timeoutMs })
                : expire(`${timeoutMs} ms`, { timeoutMs }),
            timeoutMs,
          );
        };
        arm();
        if (options.resetTimeoutOnProgress)
          progressed = () => {
            if (this.pending.has(id)) arm();
          };
      }
      if (limited(maxTotalTimeoutMs)) {
        totalTimer = setTimeout(
          () => expire(`${maxTotalTimeoutMs} ms in all (maxTotalTimeoutMs; progress does not extend it)`, { maxTotalTimeoutMs }),
          maxTotalTimeoutMs,
        );
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      this.pending.set(id, {
        method,
        resolve: (r) => {
          finish();
          resolve(r);
        },
        reject: (e) => {
          finish();
          reject(e);
        },
      });
      const message: JsonRpcRequest = params === undefined ? { jsonrpc: "2.0", id, method } : { jsonrpc: "2.0", id, method, params };
      this.transport.send(message);
    });
    return { id, result, progressed: () => progressed() };
  }

  request(method: string, params: Result | undefined, options: SendOptions): Promise<Result> {
    return this.begin(method, params, options).result;
  }

  /** Stops waiting for a request and tells the server to stop working on it. */
  cancel(id: RequestId, reason: string): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.notify("notifications/cancelled", { requestId: id, reason });
    entry.reject(new McpError(ErrorCode.RequestTimeout, `${entry.method} was cancelled: ${reason}`));
  }

  notify(method: string, params?: Result): void {
    if (this.closed) return;
    this.transport.send(params === undefined ? { jsonrpc: "2.0", method } : { jsonrpc: "2.0", method, params });
  }

  private receive(inbound: Inbound): void {
    switch (inbound.kind) {
      case "response":
        return this.onResponse(inbound.message);
      case "request":
        return void this.onRequest(inbound.message);
      case "notification":
        return this.onNotification(inbound.message);
      // A frame we cannot read has no id we could route it by; the request it belonged to will time out.
      case "invalid":
      case "dropped":
        return;
    }
  }

  private onResponse(response: JsonRpcResponse): void {
    const entry = response.id === null ? undefined : this.pending.get(response.id);
    if (!entry) return;
    if (!("error" in response)) return entry.resolve(response.result ?? {});
    const error = new McpError(response.error.code, response.error.message, response.error.data);
    answeredByServer.add(error);
    entry.reject(error);
  }

  private async onRequest(request: JsonRpcRequest): Promise<void> {
    const controller = new AbortController();
    this.incoming.set(request.id, controller);
    let reply: JsonRpcMessage;
    try {
      const result = await this.handlers.onRequest(request, controller.signal);
      reply = { jsonrpc: "2.0", id: request.id, result };
    } catch (error) {
      const { code, message, data } =
        error instanceof McpError
          ? error
          : { code: ErrorCode.InternalError, message: error instanceof Error ? error.message : String(error), data: undefined };
      reply = { jsonrpc: "2.0", id: request.id, error: data === undefined ? { code, message } : { code, message, data } };
    }
    this.incoming.delete(request.id);
    // A request the server cancelled gets no answer, as both eras ask.
    if (!controller.signal.aborted) this.send(reply);
  }

  private onNotification(notification: JsonRpcNotification): void {
    if (notification.method === "notifications/cancelled") {
      const id = notification.params?.requestId as RequestId | undefined;
      const controller = id === undefined ? undefined : this.incoming.get(id);
      if (controller) {
        controller.abort(
          new McpError(ErrorCode.RequestTimeout, `The server cancelled the request: ${reasonText(notification.params?.reason)}`),
        );
        return;
      }
    }
    this.handlers.onNotification(notification);
  }

  private send(message: JsonRpcMessage): void {
    if (!this.closed) this.transport.send(message);
  }

  private shutDown(): void {
    if (this.closed) return;
    this.closed = true;
    for (const entry of [...this.pending.values()]) entry.reject(closedError());
    for (const controller of this.incoming.values()) controller.abort(closedError());
    this.incoming.clear();
    this.handlers.onClose();
  }

  async close(): Promise<void> {
    await this.transport.close();
    // Transports report their own close, but one that does not must still settle what waits.
    this.shutDown();
  }
}

/** Errors the server answered with, told apart from local ones (timeouts, a closed pipe) that share codes. */
const answeredByServer = new WeakSet<object>();
export const isServerError = (error: unknown): error is McpError => error instanceof McpError && answeredByServer.has(error);

const closedError = () => new McpError(ErrorCode.ConnectionClosed, "Connection closed");

function reasonText(reason: unknown): string {
  if (reason instanceof Error) return reason.message || reason.name;
  return typeof reason === "string" ? reason : "Cancelled by the client";
}
