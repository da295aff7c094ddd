/**
 * A misspelled key in a component's options (`{ inptu: {...} }`) would otherwise be ignored in
 * silence: the tool gets an empty schema and every call "works". Registration refuses it,
 * naming the key and the nearest valid one.
 */
import { closeNames } from "../util/close-names.ts";
import type { PromptOptions } from "./prompts.ts";
import type { ResourceOptions } from "./resources.ts";
import type { ToolOptions } from "./tools.ts";

// `satisfies` keeps each list complete: a key added to an options type must be added here too.
const TOOL_KEYS = Object.keys({
  description: 1,
  title: 1,
  input: 1,
  output: 1,
  annotations: 1,
  icons: 1,
  meta: 1,
  enabled: 1,
  timeoutMs: 1,
  scopes: 1,
  allow: 1,
} satisfies Record<keyof ToolOptions, 1>);
const RESOURCE_KEYS = Object.keys({
  name: 1,
  title: 1,
  description: 1,
  mimeType: 1,
  size: 1,
  annotations: 1,
  icons: 1,
  meta: 1,
  enabled: 1,
  cache: 1,
  complete: 1,
  list: 1,
  scopes: 1,
  allow: 1,
} satisfies Record<keyof ResourceOptions, 1>);
const PROMPT_KEYS = Object.keys({
  description: 1,
  title: 1,
  args: 1,
  icons: 1,
  meta: 1,
  enabled: 1,
  complete: 1,
  scopes: 1,
  allow: 1,
} satisfies Record<keyof PromptOptions<undefined>, 1>);

const KEYS = { tool: TOOL_KEYS, resource: RESOURCE_KEYS, prompt: PROMPT_KEYS } as const;

/** Throws a TypeError for the first key of `options` that a `kind`'s options do not have. */
export function checkOptions(kind: keyof typeof KEYS, name: string, options: object): void {
  const valid = KEYS[kind];
  for (const key of Object.keys(options)) {
    if (valid.includes(key)) continue;
    const close = closeNames(key, valid)[0];
    const hint = close ? `; did you mean "${close}"?` : "";
    throw new TypeError(`The ${kind} "${name}" has an unknown option "${key}"${hint} (valid options: ${valid.join(", ")})`);
  }
}
