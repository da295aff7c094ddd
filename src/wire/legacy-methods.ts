/**
 * The methods only legacy sessions have: `initialize`, `ping`, `logging/setLevel` and resource
 * subscriptions. They live in the server's one method table like every other method, so
 * middleware sees them too; their handlers find the session in its context slot.
 */
import { ErrorCode, McpError } from "../protocol/errors.ts";
import { LOGGING_LEVELS, type LoggingLevel } from "../protocol/types.ts";
import type { Context } from "../server/context.ts";
import type { MethodTable } from "../server/methods.ts";
import { Slot } from "../server/slots.ts";

/** What a legacy method may change on the session that received it. */
export interface LegacySessionState {
  logLevel: LoggingLevel | undefined;
  readonly subscriptions: Set<string>;
  /** The `initialize` answer for the version and capabilities the session has taken. */
  handshakeResult(): Record<string, unknown>;
}

export const LEGACY_SESSION = new Slot<LegacySessionState>("legacy session");

function sessionOf(ctx: Context<never>): LegacySessionState {
  const session = ctx.slots.get(LEGACY_SESSION);
  if (!session) throw new McpError(ErrorCode.InternalError, `${ctx.method} needs a legacy session`);
  return session;
}

function uriParam(ctx: Context<never>): string {
  const uri = ctx.params.uri;
  if (typeof uri !== "string") throw new McpError(ErrorCode.InvalidParams, `${ctx.method} needs params.uri`);
  return uri;
}

/** Adds the legacy-only methods to a server's table, once. */
export function defineLegacyMethods(table: MethodTable): void {
  const legacy = ["legacy"] as const;
  table.defineOnce(
    { name: "initialize", eras: legacy, handler: (ctx) => sessionOf(ctx).handshakeResult() },
    { name: "ping", eras: legacy, handler: () => ({}) },
    {
      name: "logging/setLevel",
      eras: legacy,
      capability: "logging",
      handler: (ctx) => {
        const level = ctx.params.level as LoggingLevel;
        if (!LOGGING_LEVELS.includes(level))
          throw new McpError(ErrorCode.InvalidParams, `Invalid log level: expected one of ${LOGGING_LEVELS.join(", ")}`);
        sessionOf(ctx).logLevel = level;
        return {};
      },
    },
    {
      name: "resources/subscribe",
      eras: legacy,
      capability: "resources",
      handler: (ctx) => {
        sessionOf(ctx).subscriptions.add(uriParam(ctx));
        return {};
      },
    },
    {
      name: "resources/unsubscribe",
      eras: legacy,
      capability: "resources",
      handler: (ctx) => {
        sessionOf(ctx).subscriptions.delete(uriParam(ctx));
        return {};
      },
    },
  );
}
