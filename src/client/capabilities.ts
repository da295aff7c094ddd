import type { ClientCapabilities } from "../protocol/types.ts";
import type { ClientOptions } from "./types.ts";

/**
 * The capabilities a client declares when none are given: exactly what its handlers can
 * answer, so a server never asks for input that would fail.
 */
export function deriveCapabilities(options: ClientOptions): ClientCapabilities {
  if (options.capabilities) return options.capabilities;
  const caps: ClientCapabilities = {};
  if (options.onElicit) caps.elicitation = { form: {}, url: {} };
  if (options.onSample) caps.sampling = options.samplingTools ? { tools: {} } : {};
  if (options.onRoots) caps.roots = { listChanged: true };
  return caps;
}
