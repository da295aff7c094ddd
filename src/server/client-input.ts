/**
 * How a handler's questions reach the client, supplied by the era's codec: the legacy era
 * sends server-to-client requests; the modern era ends the round with `input_required` and
 * runs the handler again with the answers. Context asks through this, so it has no era branch.
 */
import type { InputRequest } from "../protocol/types.ts";
import type { Context } from "./context.ts";

export interface ClientInput {
  /** The client's answers, keyed like `requests` (already checked for the needed capability). */
  ask<K extends string>(ctx: Context<never>, requests: Record<K, InputRequest>): Promise<Record<K, Record<string, unknown>>>;
  /** Runs `fn` once per request, however many rounds the request takes. */
  step<T>(ctx: Context<never>, key: string, fn: () => T | Promise<T>): Promise<T>;
  /** URL-mode elicitation carries an `elicitationId` on this era. */
  readonly elicitationIds: boolean;
}
