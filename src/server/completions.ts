import type { CompleteResult } from "../protocol/types.ts";

/** Suggests values for an argument given what the user typed and the other arguments so far. */
export type Completer = (value: string, context: { arguments: Record<string, string> }) => string[] | Promise<string[]>;

const MAX_VALUES = 100;

export async function complete(
  completer: Completer | undefined,
  fallback: string[] | undefined,
  value: string,
  args: Record<string, string>,
): Promise<CompleteResult> {
  let values: string[];
  if (completer) {
    const out = completer(value, { arguments: args });
    values = out instanceof Promise ? await out : out;
  } else {
    values = (fallback ?? []).filter((v) => v.startsWith(value));
  }
  const total = values.length;
  return {
    completion: total > MAX_VALUES ? { values: values.slice(0, MAX_VALUES), total, hasMore: true } : { values, total, hasMore: false },
  };
}
