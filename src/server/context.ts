/**
 * The per-request context a handler receives. One object per request: it is both what
 * the wire codec fills in and what the handler sees, so a call costs a single allocation.
 */
import { ErrorCode, McpError } from "../protocol/errors.ts";
import type { RequestId } from "../protocol/jsonrpc.ts";
import type { Era } from "../protocol/versions.ts";
import {
  LOGGING_LEVELS,
  type ClientCapabilities,
  type CreateMessageRequestParams,
  type CreateMessageResult,
  type ElicitResult,
  type Implementation,
  type InputRequest,
  type LoggingLevel,
  type ResourceContents,
  type Root,
  type SamplingMessage,
} from "../protocol/types.ts";
import { compileElicitationSchema } from "../schema/input-schema.ts";
import type { InferInput } from "../schema/input-schema.ts";
import type { ClientInput } from "./client-input.ts";
import { requiredCapability } from "./input-required.ts";
import { Slots } from "./slots.ts";

/** How a request's notifications and (legacy) server-to-client requests leave the server. */
export interface RequestChannel {
  notify(method: string, params: Record<string, unknown>): void;
  /** Present on the legacy era only: the modern era never sends requests to the client. */
  request?(method: string, params: Record<string, unknown>, signal: AbortSignal | undefined): Promise<Record<string, unknown>>;
}

/** What the transport knows about the HTTP request behind this call, when there is one. */
export interface HttpRequestInfo {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Who is calling, as `authenticate` (or `mcpkit/auth`) established it; `ctx.auth` in handlers. */
export interface AuthInfo {
  /** The bearer token as received: for calling downstream services on the caller's behalf only where they accept it (never pass it through to another resource). */
  token: string;
  /** The OAuth client the token was issued to (`client_id` or `azp`). */
  clientId?: string;
  scopes: string[];
  /** The user or service the token stands for (`sub`). */
  subject?: string;
  /** When the token expires, in seconds since the epoch (`exp`). */
  expiresAt?: number;
  /** Every claim of a JWT, or the fields of an introspection answer. */
  claims?: Record<string, unknown>;
  extra?: Record<string, unknown>;
}

export interface ClientInfo {
  era: Era;
  protocolVersion: string;
  capabilities: ClientCapabilities;
  info: Implementation | undefined;
}

/** Answers carried between rounds of a modern multi-round-trip request. */
export interface RoundState {
  responses: Record<string, unknown>;
  steps: Record<string, unknown>;
}

export type ElicitOutcome<T> =
  { action: "accept"; content: T } | { action: "decline"; content?: undefined } | { action: "cancel"; content?: undefined };

export interface Logger {
  debug(message: string, data?: unknown): void;
  info(message: string, data?: unknown): void;
  notice(message: string, data?: unknown): void;
  warning(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
  critical(message: string, data?: unknown): void;
  alert(message: string, data?: unknown): void;
  emergency(message: string, data?: unknown): void;
}

/** Looks up a resource from inside a handler; provided by the engine. */
export type ResourceReader = (uri: string, ctx: Context<never>) => Promise<ResourceContents[]>;

const levelRank = (level: LoggingLevel) => LOGGING_LEVELS.indexOf(level);

export class Context<State = unknown> {
  /** The lifespan's state (see `McpServer` option `lifespan`). */
  state: State;
  readonly client: ClientInfo;
  readonly requestId: RequestId;
  readonly method: string;
  readonly params: Record<string, unknown>;
  /** The HTTP request behind this call, if it came over HTTP. */
  request: HttpRequestInfo | undefined = undefined;
  auth: AuthInfo | undefined = undefined;
  /** Legacy session id, when the call belongs to one. */
  sessionId: string | undefined = undefined;
  /** Least severe level forwarded to the client; undefined sends nothing. */
  logLevel: LoggingLevel | undefined;
  /** The resource URI for resource handlers. */
  uri = "";
  /** Per-request values of features (round state, cache hints, extensions), each under its own typed key. */
  readonly slots = new Slots();

  private readonly channel: RequestChannel;
  private readonly input: ClientInput;
  private readonly readResourceFn: ResourceReader;
  private controller: AbortController | undefined = undefined;
  private expired = false;
  private lastProgress = -Infinity;
  private inputCounter = 0;
  private logger: Logger | undefined = undefined;

  constructor(init: {
    state: State;
    client: ClientInfo;
    requestId: RequestId;
    method: string;
    params: Record<string, unknown> | undefined;
    channel: RequestChannel;
    logLevel: LoggingLevel | undefined;
    readResource: ResourceReader;
    input: ClientInput;
  }) {
    this.state = init.state;
    this.client = init.client;
    this.requestId = init.requestId;
    this.method = init.method;
    this.params = init.params ?? {};
    this.channel = init.channel;
    this.logLevel = init.logLevel;
    this.readResourceFn = init.readResource;
    this.input = init.input;
  }

  /** Aborted when the client cancels this request or the connection closes. */
  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    return this.controller.signal;
  }

  /** Called by the transport layer; handlers read `signal`. */
  cancel(reason?: unknown): void {
    this.controller ??= new AbortController();
    if (!this.controller.signal.aborted) this.controller.abort(reason ?? new Error("Request cancelled"));
  }

  /** Aborts `signal` because a server-side deadline passed: unlike `cancel`, the request is still answered. */
  expire(reason: unknown): void {
    if (this.cancelled) return;
    this.expired = true;
    this.cancel(reason);
  }

  /** Cancelled by the client or the connection (a cancelled request gets no answer). */
  get cancelled(): boolean {
    return !this.expired && (this.controller?.signal.aborted ?? false);
  }

  get progressToken(): string | number | undefined {
    const meta = this.params._meta as { progressToken?: string | number } | undefined;
    return meta?.progressToken;
  }

  /** Reports progress if the client asked for it; values that do not increase are dropped. */
  progress(progress: number, total?: number, message?: string): void {
    const token = this.progressToken;
    if (token === undefined || !(progress > this.lastProgress)) return;
    this.lastProgress = progress;
    const params: Record<string, unknown> = { progressToken: token, progress };
    if (total !== undefined) params.total = total;
    if (message !== undefined) params.message = message;
    this.channel.notify("notifications/progress", params);
  }

  /** Sends a log message to the client, if its level passes the client's threshold. */
  get log(): Logger {
    if (this.logger) return this.logger;
    const send = (level: LoggingLevel) => (message: string, data?: unknown) => this.sendLog(level, message, data);
    this.logger = {
      debug: send("debug"),
      info: send("info"),
      notice: send("notice"),
      warning: send("warning"),
      error: send("error"),
      critical: send("critical"),
      alert: send("alert"),
      emergency: send("emergency"),
    };
    return this.logger;
  }

  sendLog(level: LoggingLevel, message: string, data?: unknown, loggerName?: string): void {
    if (this.logLevel === undefined || levelRank(level) < levelRank(this.logLevel)) return;
    const params: Record<string, unknown> = { level, data: data === undefined ? message : { message, data } };
    if (loggerName !== undefined) params.logger = loggerName;
    this.channel.notify("notifications/message", params);
  }

  /**
   * Asks the client for answers. Legacy: sends each as a server-to-client request. Modern:
   * returns answers the client already gave, or ends this round with `input_required`.
   */
  async inputs<K extends string>(requests: Record<K, InputRequest>): Promise<Record<K, Record<string, unknown>>> {
    for (const key in requests) this.assertCapability(requests[key]);
    return this.input.ask(this as unknown as Context<never>, requests);
  }

  /** @internal Sends a request to the client on this request's stream (legacy era only). */
  sendRequest(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    const request = this.channel.request;
    if (!request) return Promise.reject(new McpError(ErrorCode.InternalError, "This transport cannot send requests to the client"));
    return request(method, params, this.signal);
  }

  /** Form-mode elicitation: asks the user for values matching `schema` (a shape, Standard Schema or JSON Schema). */
  async elicit<S>(message: string, schema: S, options: { key?: string } = {}): Promise<ElicitOutcome<InferInput<S>>> {
    const compiled = compileElicitationSchema(schema as never);
    const key = options.key ?? `elicit-${++this.inputCounter}`;
    const answers = await this.inputs({
      [key]: { method: "elicitation/create", params: { mode: "form", message, requestedSchema: compiled.jsonSchema } },
    });
    const result = answers[key] as unknown as ElicitResult;
    if (result?.action !== "accept") {
      if (result?.action === "decline" || result?.action === "cancel") return { action: result.action };
      throw new McpError(ErrorCode.InvalidParams, `Elicitation answer for "${key}" has no valid action`);
    }
    let checked = compiled.validate(result.content ?? {});
    if (checked instanceof Promise) checked = await checked;
    if (!checked.ok) {
      const detail = checked.issues
        .map((i: { path: (string | number)[]; message: string }) => `${i.path.join(".") || "(root)"}: ${i.message}`)
        .join("; ");
      throw new McpError(ErrorCode.InvalidParams, `Elicitation answer for "${key}" does not match the requested schema: ${detail}`);
    }
    return { action: "accept", content: checked.value as InferInput<S> };
  }

  /** URL-mode elicitation: asks the user to visit a URL (for credentials or payments that must not pass through the client). */
  async elicitUrl(
    message: string,
    url: string,
    options: { key?: string; elicitationId?: string } = {},
  ): Promise<{ action: ElicitResult["action"] }> {
    const key = options.key ?? `elicit-${++this.inputCounter}`;
    const params: Record<string, unknown> = { mode: "url", message, url };
    if (this.input.elicitationIds) params.elicitationId = options.elicitationId ?? crypto.randomUUID();
    const answers = await this.inputs({ [key]: { method: "elicitation/create", params: params as never } });
    return { action: (answers[key] as unknown as ElicitResult).action };
  }

  /** Asks the client's model for a completion. A string is sent as one user message. */
  async sample(
    request: string | (Partial<CreateMessageRequestParams> & { messages: SamplingMessage[] }),
    options: { key?: string; maxTokens?: number; systemPrompt?: string } = {},
  ): Promise<CreateMessageResult> {
    const params: CreateMessageRequestParams =
      typeof request === "string"
        ? { messages: [{ role: "user", content: { type: "text", text: request } }], maxTokens: options.maxTokens ?? 1000 }
        : { maxTokens: options.maxTokens ?? 1000, ...request };
    if (options.systemPrompt !== undefined) params.systemPrompt = options.systemPrompt;
    const key = options.key ?? `sample-${++this.inputCounter}`;
    const answers = await this.inputs({ [key]: { method: "sampling/createMessage", params } });
    return answers[key] as unknown as CreateMessageResult;
  }

  /** The client's roots (directories or files it allows the server to work in). */
  async roots(options: { key?: string } = {}): Promise<Root[]> {
    const key = options.key ?? `roots-${++this.inputCounter}`;
    const answers = await this.inputs({ [key]: { method: "roots/list", params: {} } });
    const roots = (answers[key] as { roots?: Root[] }).roots;
    return Array.isArray(roots) ? roots : [];
  }

  /**
   * Runs `fn` once per request, even when a modern multi-round request runs the handler again:
   * later rounds get the value back from the signed `requestState`. The value must be JSON.
   */
  step<T>(key: string, fn: () => T | Promise<T>): Promise<T> {
    return this.input.step(this as unknown as Context<never>, key, fn);
  }

  /** Reads one of this server's own resources. */
  readResource(uri: string): Promise<ResourceContents[]> {
    return this.readResourceFn(uri, this as unknown as Context<never>);
  }

  /** Whether the client declared a capability (e.g. "sampling", "elicitation", "roots"). */
  hasCapability(name: keyof ClientCapabilities & string): boolean {
    return this.client.capabilities?.[name] !== undefined;
  }

  private assertCapability(request: InputRequest): void {
    const caps = this.client.capabilities ?? {};
    let ok: boolean;
    switch (request.method) {
      case "elicitation/create": {
        const e = caps.elicitation as { form?: object; url?: object } | undefined;
        ok = e !== undefined && (request.params.mode === "url" ? e.url !== undefined : e.form !== undefined || e.url === undefined);
        break;
      }
      case "sampling/createMessage": {
        const s = caps.sampling as { tools?: object } | undefined;
        ok = s !== undefined && (!request.params.tools || s.tools !== undefined);
        break;
      }
      case "roots/list":
        ok = caps.roots !== undefined;
        break;
    }
    if (!ok) {
      const required = requiredCapability(request);
      throw new McpError(
        ErrorCode.MissingRequiredClientCapability,
        `The client did not declare the capability this request needs: ${Object.keys(required).join(", ")}`,
        { requiredCapabilities: required },
        400,
      );
    }
  }
}
