/**
 * The 2026-07-28 codec: every request carries its own `_meta` envelope, no handshake, no
 * server-to-client requests. Answers carry `resultType`, server info and cache hints;
 * handlers that need client input end the round with `input_required`.
 */
import { ErrorCode, McpError, UnknownResourceError, methodNotFound } from "../protocol/errors.ts";
import { isPlainObject as isObject, type JsonRpcRequest, type JsonRpcResponse, type Params } from "../protocol/jsonrpc.ts";
import { LOGGING_LEVELS, type ClientCapabilities, type Implementation, type LoggingLevel } from "../protocol/types.ts";
import { MetaKey, MODERN_VERSIONS } from "../protocol/versions.ts";
import { Context, type AuthInfo, type HttpRequestInfo, type RequestChannel } from "../server/context.ts";
import { CACHE_HINT } from "../server/engine.ts";
import { InputRequiredSignal } from "../server/input-required.ts";
import type { MethodDefinition } from "../server/methods.ts";
import type { McpServer } from "../server/mcp-server.ts";
import { MODERN_INPUT, ROUND } from "./modern-input.ts";
import { principalOf } from "./principal.ts";
import { requestBinding, RequestStateSigner } from "./request-state.ts";
import { toErrorResponse } from "./responses.ts";

export interface ModernEnvelope {
  protocolVersion: string;
  capabilities: ClientCapabilities;
  clientInfo: Implementation | undefined;
  logLevel: LoggingLevel | undefined;
}

/** Errors the engine raises era-neutrally, in this era's words: an unknown resource is -32602 here (SEP-2164). */
function modernError(error: unknown): unknown {
  if (error instanceof UnknownResourceError) return new McpError(ErrorCode.InvalidParams, error.message, error.data);
  return error;
}

const badEnvelope = (message: string) => new McpError(ErrorCode.InvalidParams, message, undefined, 400);

/** True when a request speaks the modern era (it carries the `_meta` protocol version). */
export function isModernRequest(params: Params | undefined): boolean {
  const meta = params?._meta;
  return meta !== undefined && meta[MetaKey.protocolVersion] !== undefined;
}

/** Checks the per-request envelope; throws the error the spec names for each fault. */
export function readEnvelope(params: Params | undefined): ModernEnvelope {
  const meta = params?._meta;
  if (!isObject(meta))
    throw badEnvelope(
      `Missing params._meta: 2026-07-28 requests must carry "${MetaKey.protocolVersion}" and "${MetaKey.clientCapabilities}"`,
    );
  const protocolVersion = meta[MetaKey.protocolVersion];
  if (typeof protocolVersion !== "string") throw badEnvelope(`Missing "${MetaKey.protocolVersion}" in params._meta`);
  if (!(MODERN_VERSIONS as readonly string[]).includes(protocolVersion)) {
    throw new McpError(
      ErrorCode.UnsupportedProtocolVersion,
      `Unsupported protocol version ${protocolVersion}`,
      { supported: [...MODERN_VERSIONS], requested: protocolVersion },
      400,
    );
  }
  const capabilities = meta[MetaKey.clientCapabilities];
  if (!isObject(capabilities)) throw badEnvelope(`Missing "${MetaKey.clientCapabilities}" object in params._meta`);
  const logLevel = meta[MetaKey.logLevel];
  if (logLevel !== undefined && !LOGGING_LEVELS.includes(logLevel as LoggingLevel)) {
    throw badEnvelope(`Invalid "${MetaKey.logLevel}": expected one of ${LOGGING_LEVELS.join(", ")}`);
  }
  const clientInfo = meta[MetaKey.clientInfo];
  return {
    protocolVersion,
    capabilities: capabilities as ClientCapabilities,
    clientInfo: isObject(clientInfo) ? (clientInfo as unknown as Implementation) : undefined,
    logLevel: logLevel as LoggingLevel | undefined,
  };
}

export interface ModernRequestExtras {
  http?: HttpRequestInfo;
  auth?: AuthInfo;
  /** Sees the context before the handler runs, so the transport can cancel it. */
  onContext?: (ctx: Context<never>) => void;
}

/** Per-server modern codec state, built once. */
export class ModernCodec {
  private readonly signer: RequestStateSigner;
  private readonly serverMeta: Record<string, unknown>;

  constructor(private readonly server: McpServer<unknown>) {
    this.signer = new RequestStateSigner(server.requestStateOptions);
    this.serverMeta = { [MetaKey.serverInfo]: server.info };
    server.engine.methods.defineOnce({ name: "server/discover", eras: ["modern"], cached: true, handler: () => this.discover() });
  }

  /** Answers one modern request (all but `subscriptions/listen`, which a transport streams). */
  async handle(request: JsonRpcRequest, channel: RequestChannel, extras: ModernRequestExtras = {}): Promise<JsonRpcResponse> {
    const server = this.server;
    let ctx: Context<never> | undefined;
    try {
      const envelope = readEnvelope(request.params);
      const method = request.method;
      const definition = this.served(method);
      ctx = new Context<never>({
        state: server.state as never,
        client: {
          era: "modern",
          protocolVersion: envelope.protocolVersion,
          capabilities: envelope.capabilities,
          info: envelope.clientInfo,
        },
        requestId: request.id,
        method,
        params: request.params,
        channel,
        logLevel: envelope.logLevel,
        readResource: server.engine.readResource,
        input: MODERN_INPUT,
      });
      if (extras.http) ctx.request = extras.http;
      if (extras.auth) ctx.auth = extras.auth;
      const multiRound = definition.multiRound === true;
      if (multiRound) this.restoreRound(ctx);
      extras.onContext?.(ctx);
      try {
        const result = await server.engine.handle(ctx);
        return this.complete(request, result, definition, ctx);
      } catch (error) {
        if (error instanceof InputRequiredSignal && multiRound) return this.inputRequired(request, ctx, error);
        throw error;
      }
    } catch (error) {
      if (error instanceof InputRequiredSignal) {
        return toErrorResponse(
          request.id,
          new McpError(ErrorCode.InternalError, `${request.method} cannot ask the client for input`),
          false,
        );
      }
      return toErrorResponse(request.id, modernError(error), server.settings.maskErrorDetails);
    }
  }

  discover(): Record<string, unknown> {
    const result: Record<string, unknown> = { supportedVersions: [...MODERN_VERSIONS], capabilities: this.server.capabilities() };
    if (this.server.instructions !== undefined) result.instructions = this.server.instructions;
    return result;
  }

  /** The method's definition; a method the era lacks, or whose capability this server does not advertise, is -32601. */
  served(method: string): MethodDefinition {
    const definition = this.server.engine.methods.get(method, "modern");
    if (!definition || (definition.capability !== undefined && this.server.capabilities()[definition.capability] === undefined)) {
      throw methodNotFound(method);
    }
    return definition;
  }

  private complete(
    request: JsonRpcRequest,
    result: Record<string, unknown>,
    definition: MethodDefinition,
    ctx: Context<never>,
  ): JsonRpcResponse {
    result.resultType = "complete";
    result._meta = result._meta ? { ...(result._meta as object), ...this.serverMeta } : this.serverMeta;
    if (definition.cached) {
      const fallback = this.server.settings.cache;
      const hint = ctx.slots.get(CACHE_HINT);
      result.ttlMs = hint?.ttlMs ?? fallback.ttlMs;
      result.cacheScope = hint?.cacheScope ?? fallback.cacheScope;
    }
    return { jsonrpc: "2.0", id: request.id, result };
  }

  private restoreRound(ctx: Context<never>): void {
    const { requestState, inputResponses } = ctx.params;
    if (requestState === undefined && inputResponses === undefined) return;
    if (inputResponses !== undefined && !isObject(inputResponses)) {
      throw new McpError(ErrorCode.InvalidParams, "inputResponses must be an object keyed like the inputRequests");
    }
    const restored = requestState === undefined ? { responses: {}, steps: {} } : this.signer.verify(requestState, this.binding(ctx));
    ctx.slots.set(ROUND, { responses: { ...restored.responses, ...(inputResponses ?? {}) }, steps: restored.steps });
  }

  private inputRequired(request: JsonRpcRequest, ctx: Context<never>, signal: InputRequiredSignal): JsonRpcResponse {
    const round = ctx.slots.get(ROUND) ?? { responses: {}, steps: {} };
    const result = {
      resultType: "input_required",
      inputRequests: signal.inputRequests,
      requestState: this.signer.sign(round, this.binding(ctx)),
      _meta: this.serverMeta,
    };
    return { jsonrpc: "2.0", id: request.id, result };
  }

  private binding(ctx: Context<never>): string {
    return requestBinding(ctx.method, ctx.params, principalOf(ctx.auth));
  }
}

const codecs = new WeakMap<object, ModernCodec>();
export function modernCodec(server: McpServer<unknown>): ModernCodec {
  let codec = codecs.get(server);
  if (!codec) codecs.set(server, (codec = new ModernCodec(server)));
  return codec;
}
