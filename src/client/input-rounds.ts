/**
 * Modern multi-round requests (2026-07-28 MRTR): while the server answers
 * `resultType: "input_required"`, answer each of its `inputRequests` through the client's
 * handlers and send the same request again (a new id) with `inputResponses` and the echoed
 * `requestState`.
 */
import { ErrorCode, McpError } from "../protocol/errors.ts";
import { isPlainObject as isObject } from "../protocol/jsonrpc.ts";
import type { Result } from "./rpc.ts";

export interface RoundsInput {
  params: Result;
  /** Sends one round; each call is a new JSON-RPC request. */
  send(params: Result): Promise<Result>;
  answer(key: string, method: string, params: unknown): Promise<Result>;
  maxRounds: number;
  method: string;
  signal: AbortSignal | undefined;
}

export async function withInputRounds(input: RoundsInput): Promise<Result> {
  let params = input.params;
  for (let round = 0; ; round++) {
    const result = await input.send(params);
    if (result.resultType !== "input_required") return result;
    if (round >= input.maxRounds) {
      throw new McpError(
        ErrorCode.InternalError,
        `${input.method} still asked for input after ${input.maxRounds} rounds; giving up (raise maxRounds if that is expected)`,
      );
    }
    const requests = result.inputRequests ?? {};
    if (!isObject(requests))
      throw new McpError(ErrorCode.InternalError, `${input.method}: the server sent inputRequests that is not an object`);
    const responses: Result = {};
    // One at a time: most handlers put a question to a person, who answers one thing at once.
    for (const [key, request] of Object.entries(requests)) {
      if (!isObject(request) || typeof request.method !== "string") {
        throw new McpError(ErrorCode.InternalError, `${input.method}: input request "${key}" has no method`);
      }
      responses[key] = await untilAborted(input.answer(key, request.method, request.params ?? {}), input.signal);
    }
    params = { ...input.params, inputResponses: responses };
    if (result.requestState !== undefined) params.requestState = result.requestState;
  }
}

/** A handler that ignores its signal must not keep a cancelled call waiting. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
