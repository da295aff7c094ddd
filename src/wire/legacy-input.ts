/**
 * Client input on the legacy era: each question is a server-to-client request on the
 * request's own stream, answered while the handler waits.
 */
import type { InputRequest } from "../protocol/types.ts";
import type { ClientInput } from "../server/client-input.ts";
import type { Context } from "../server/context.ts";
import { checkAnswer } from "../server/input-answers.ts";

export const LEGACY_INPUT: ClientInput = {
  elicitationIds: true,
  async ask<K extends string>(ctx: Context<never>, requests: Record<K, InputRequest>) {
    const keys = Object.keys(requests) as K[];
    const answers = await Promise.all(
      keys.map((k) => ctx.sendRequest(requests[k].method, (requests[k].params ?? {}) as Record<string, unknown>)),
    );
    keys.forEach((k, i) => checkAnswer(requests[k].method, k, answers[i]));
    return Object.fromEntries(keys.map((k, i) => [k, answers[i]])) as Record<K, Record<string, unknown>>;
  },
  // One round only: the handler runs once, so a step simply runs.
  async step(_ctx, _key, fn) {
    return fn();
  },
};
