/**
 * Client input on the modern era: a question the client has not answered yet ends the round
 * with `input_required`; the client retries with `inputResponses` and the signed
 * `requestState`, and the handler runs again, finding the answers (and its steps' values).
 */
import type { InputRequest } from "../protocol/types.ts";
import type { ClientInput } from "../server/client-input.ts";
import type { Context, RoundState } from "../server/context.ts";
import { checkAnswer } from "../server/input-answers.ts";
import { InputRequiredSignal } from "../server/input-required.ts";
import { Slot } from "../server/slots.ts";

/** What earlier rounds carried in `requestState`, and what this round collects. */
export const ROUND = new Slot<RoundState>("modern round state");

const roundOf = (ctx: Context<never>): RoundState => {
  let round = ctx.slots.get(ROUND);
  if (!round) ctx.slots.set(ROUND, (round = { responses: {}, steps: {} }));
  return round;
};

export const MODERN_INPUT: ClientInput = {
  elicitationIds: false,
  async ask<K extends string>(ctx: Context<never>, requests: Record<K, InputRequest>) {
    const round = roundOf(ctx);
    const missing: Record<string, InputRequest> = {};
    let complete = true;
    for (const key in requests) {
      if (!Object.hasOwn(round.responses, key)) {
        missing[key] = requests[key];
        complete = false;
      }
    }
    if (!complete) throw new InputRequiredSignal(missing);
    const out = {} as Record<K, Record<string, unknown>>;
    for (const key in requests) {
      checkAnswer(requests[key].method, key, round.responses[key]);
      out[key] = round.responses[key] as Record<string, unknown>;
    }
    return out;
  },
  async step<T>(ctx: Context<never>, key: string, fn: () => T | Promise<T>): Promise<T> {
    const round = roundOf(ctx);
    if (Object.hasOwn(round.steps, key)) return round.steps[key] as T;
    const value = await fn();
    round.steps[key] = value;
    return value;
  },
};
