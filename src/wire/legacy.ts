/**
 * The legacy codec (2025-11-25 and older): an `initialize` handshake opens a session that
 * remembers the client's capabilities, log level and resource subscriptions, and the
 * server may send requests to the client (elicitation, sampling, roots).
 */
import { own } from "../protocol/own.ts";
import { ErrorCode, McpError } from "../protocol/errors.ts";
import {
  isPlainObject,
  type JsonRpcMessage,
  type JsonRpcNotification,
  type JsonRpcRequest,
  type JsonRpcResponse,
} from "../protocol/jsonrpc.ts";
import { type ClientCapabilities, type Implementation, type LoggingLevel } from "../protocol/types.ts";
import { negotiateLegacyVersion } from "../protocol/versions.ts";
import { Context, type AuthInfo, type HttpRequestInfo, type RequestChannel } from "../server/context.ts";
import type { McpServer } from "../server/mcp-server.ts";
import type { ListKind } from "../state/bus.ts";
import type { Unsubscribe } from "../state/bus.ts";
import { LEGACY_INPUT } from "./legacy-input.ts";
import { defineLegacyMethods, LEGACY_SESSION } from "./legacy-methods.ts";
import { shapeResult } from "./legacy-shapes.ts";

/** Random per process, in the ids of the server's requests to clients. */
const INSTANCE_TAG = Array.from(crypto.getRandomValues(new Uint8Array(4)), (byte) => byte.toString(16).padStart(2, "0")).join("");
import { toErrorResponse } from "./responses.ts";

/**
 * Revisions before 2026-07-28 define no code for a missing client capability: the request
 * itself is what cannot be served, so it is -32600, without the modern era's HTTP 400.
 */
function legacyError(error: unknown): unknown {
  if (error instanceof McpError && error.code === ErrorCode.MissingRequiredClientCapability) {
    return new McpError(ErrorCode.InvalidRequest, error.message, error.data);
  }
  return error;
}

/** A client's error answer, only as far as it is a valid JSON-RPC error object. */
function clientError(error: unknown): McpError {
  const e = error as { code?: unknown; message?: unknown; data?: unknown } | null;
  if (!isPlainObject(e) || !Number.isSafeInteger(e.code) || typeof e.message !== "string") {
    return new McpError(ErrorCode.InternalError, "The client answered with a malformed JSON-RPC error");
  }
  return new McpError(e.code as number, e.message, e.data);
}

/** The handshake sends nothing to the client while it runs. */
const SILENT_CHANNEL: RequestChannel = { notify() {} };

const LIST_CHANGED: Record<ListKind, string> = {
  tools: "notifications/tools/list_changed",
  prompts: "notifications/prompts/list_changed",
  resources: "notifications/resources/list_changed",
};

interface Pending {
  resolve(result: Record<string, unknown>): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export interface LegacyRequestExtras {
  http?: HttpRequestInfo;
  auth?: AuthInfo;
  onContext?: (ctx: Context<never>) => void;
}

/** What a session needs to continue on another instance (HTTP transports keep it in a Store). */
export interface LegacySessionSnapshot {
  protocolVersion: string;
  clientCapabilities: ClientCapabilities;
  clientInfo?: Implementation;
  logLevel?: LoggingLevel;
  subscriptions: string[];
  initialized: boolean;
}

export class LegacySession {
  protocolVersion = "";
  clientCapabilities: ClientCapabilities = {};
  clientInfo: Implementation | undefined;
  initialized = false;
  /** Undefined until the client sets one: then everything is sent. */
  logLevel: LoggingLevel | undefined;
  readonly subscriptions = new Set<string>();
  /** Set by HTTP transports; stdio sessions have none. */
  id: string | undefined;
  private readonly pending = new Map<string | number, Pending>();
  private nextRequestId = 0;
  private readonly unsubscribers: Unsubscribe[] = [];
  private closed = false;

  constructor(
    private readonly server: McpServer<unknown>,
    /** Where messages that belong to no request go (list changes, resource updates). */
    private readonly sendUnsolicited: (message: JsonRpcMessage) => void,
  ) {
    defineLegacyMethods(server.engine.methods);
  }

  /**
   * Answers `initialize` and starts forwarding list changes and resource updates. The
   * session takes the client's version and capabilities at once, so messages that follow
   * see them; the answer itself passes through middleware like every other method.
   */
  initialize(
    request: JsonRpcRequest,
    channel: RequestChannel = SILENT_CHANNEL,
    extras: LegacyRequestExtras = {},
  ): Promise<JsonRpcResponse> {
    const params = request.params ?? {};
    if (typeof params.protocolVersion !== "string") {
      return Promise.resolve(
        toErrorResponse(request.id, new McpError(ErrorCode.InvalidParams, "initialize needs params.protocolVersion"), false),
      );
    }
    this.protocolVersion = negotiateLegacyVersion(params.protocolVersion);
    this.clientCapabilities = (isPlainObject(params.capabilities) ? params.capabilities : {}) as ClientCapabilities;
    this.clientInfo = (isPlainObject(params.clientInfo) ? params.clientInfo : undefined) as Implementation | undefined;
    this.listen();
    return this.handle(request, channel, extras);
  }

  /** What `initialize` answers, before the revision's shaping. */
  handshakeResult(): Record<string, unknown> {
    const result: Record<string, unknown> = {
      protocolVersion: this.protocolVersion,
      capabilities: this.server.capabilities(),
      serverInfo: this.server.info,
    };
    if (this.server.instructions !== undefined) result.instructions = this.server.instructions;
    return result;
  }

  snapshot(): LegacySessionSnapshot {
    const snapshot: LegacySessionSnapshot = {
      protocolVersion: this.protocolVersion,
      clientCapabilities: this.clientCapabilities,
      subscriptions: [...this.subscriptions],
      initialized: this.initialized,
    };
    if (this.clientInfo !== undefined) snapshot.clientInfo = this.clientInfo;
    if (this.logLevel !== undefined) snapshot.logLevel = this.logLevel;
    return snapshot;
  }

  /** Continues a session from a snapshot taken elsewhere, as if `initialize` had run here. */
  restore(snapshot: LegacySessionSnapshot): void {
    this.protocolVersion = snapshot.protocolVersion;
    this.clientCapabilities = snapshot.clientCapabilities ?? {};
    this.clientInfo = snapshot.clientInfo;
    this.logLevel = snapshot.logLevel;
    // Also a refresh of a live session (another instance changed it): the snapshot wins.
    this.subscriptions.clear();
    for (const uri of snapshot.subscriptions ?? []) this.subscriptions.add(uri);
    this.initialized = snapshot.initialized;
    this.listen();
  }

  private listen(): void {
    if (this.unsubscribers.length) return;
    const bus = this.server.bus;
    this.unsubscribers.push(
      bus.subscribe("list-changed", ({ kind }) => {
        // Events may come from other instances: looked up, never inherited.
        const method = own(LIST_CHANGED, kind);
        if (method) this.sendUnsolicited({ jsonrpc: "2.0", method });
      }),
      bus.subscribe("resource-updated", ({ uri }) => {
        if (this.subscriptions.has(uri)) {
          this.sendUnsolicited({ jsonrpc: "2.0", method: "notifications/resources/updated", params: { uri } });
        }
      }),
    );
  }

  /** Answers one request of this session. */
  async handle(request: JsonRpcRequest, channel: RequestChannel, extras: LegacyRequestExtras = {}): Promise<JsonRpcResponse> {
    try {
      const ctx = new Context<never>({
        state: this.server.state as never,
        client: { era: "legacy", protocolVersion: this.protocolVersion, capabilities: this.clientCapabilities, info: this.clientInfo },
        requestId: request.id,
        method: request.method,
        params: request.params,
        channel,
        logLevel: this.logLevel ?? "debug",
        readResource: this.server.engine.readResource,
        input: LEGACY_INPUT,
      });
      ctx.slots.set(LEGACY_SESSION, this);
      ctx.sessionId = this.id;
      if (extras.http) ctx.request = extras.http;
      if (extras.auth) ctx.auth = extras.auth;
      extras.onContext?.(ctx);
      const result = await this.server.engine.handle(ctx);
      return { jsonrpc: "2.0", id: request.id, result: shapeResult(this.protocolVersion, request.method, result) };
    } catch (error) {
      return toErrorResponse(request.id, legacyError(error), this.server.settings.maskErrorDetails);
    }
  }

  /**
   * Sends a request to the client and waits for its answer; `send` is the stream it goes
   * out on (the request's own stream over HTTP). Times out, and follows `signal`.
   */
  request(
    send: (message: JsonRpcMessage) => void,
    method: string,
    params: Record<string, unknown>,
    signal: AbortSignal | undefined,
  ): Promise<Record<string, unknown>> {
    if (this.closed) return Promise.reject(new McpError(ErrorCode.ConnectionClosed, "The session is closed"));
    // The instance tag keeps ids unique when instances share a session (scale-out).
    const id = `mcpkit-${INSTANCE_TAG}-${++this.nextRequestId}`;
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(entry.timer);
        this.pending.delete(id);
        signal?.removeEventListener("abort", onAbort);
      };
      const onAbort = () => {
        finish();
        send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: id, reason: "The server request was cancelled" } });
        reject(new McpError(ErrorCode.RequestTimeout, `${method} was cancelled`));
      };
      const timeoutMs = this.server.settings.clientRequestTimeoutMs;
      const entry: Pending = {
        resolve: (r) => {
          finish();
          resolve(r);
        },
        reject: (e) => {
          finish();
          reject(e);
        },
        timer: setTimeout(() => {
          finish();
          send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: id, reason: "Timed out" } });
          reject(new McpError(ErrorCode.RequestTimeout, `The client did not answer ${method} within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      this.pending.set(id, entry);
      send({ jsonrpc: "2.0", id, method, params });
    });
  }

  /**
   * A client's answer to one of our requests; false when no request of this session here has
   * its id (another instance's, or unknown). A malformed answer fails the request cleanly.
   */
  handleResponse(response: JsonRpcResponse): boolean {
    const entry = this.pending.get(response.id as string);
    if (!entry) return false;
    if ("error" in response) entry.reject(clientError(response.error));
    else if (isPlainObject(response.result)) entry.resolve(response.result);
    else entry.reject(new McpError(ErrorCode.InternalError, "The client answered with a result that is not an object"));
    return true;
  }

  handleNotification(notification: JsonRpcNotification): void {
    if (notification.method === "notifications/initialized") this.initialized = true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    for (const entry of [...this.pending.values()])
      entry.reject(new McpError(ErrorCode.ConnectionClosed, "The session closed before the client answered"));
  }
}
