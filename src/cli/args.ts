/**
 * Command-line parsing shared by the commands: node:util parseArgs with its errors turned
 * into one-line CliErrors, the `--` split for command targets, and `key=value` pairs.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { CliError, UsageError } from "./command.ts";
import { closeNames } from "../util/close-names.ts";
import { loginOptions } from "./login.ts";

export { closeNames };

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface Parsed<V> {
  values: V;
  positionals: string[];
  /** What followed a bare `--` (a command to run), or undefined when there was none. */
  rest: string[] | undefined;
}

/** Splits at the first bare `--`: what comes after it is never parsed as options. */
export function splitDashes(argv: string[]): { own: string[]; rest: string[] | undefined } {
  const at = argv.indexOf("--");
  return at < 0 ? { own: argv, rest: undefined } : { own: argv.slice(0, at), rest: argv.slice(at + 1) };
}

type Values<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>["values"];

export function parse<const O extends Options>(command: string, argv: string[], options: O): Parsed<Values<O>> {
  const { own, rest } = splitDashes(argv);
  try {
    const { values, positionals } = parseArgs({ args: own, options, allowPositionals: true, strict: true });
    return { values, positionals, rest };
  } catch (error) {
    throw optionError(command, error, Object.keys(options));
  }
}

/**
 * parseArgs' own messages advise putting an unknown option "after --", which in mcpkit means
 * "a stdio command follows": say what is wrong in mcpkit's words, with the nearest option.
 * main() adds the command's usage line.
 */
function optionError(command: string, error: unknown, known: string[]): CliError {
  const { code, message } = error as { code?: string; message?: string };
  const text = String(message ?? error);
  const option = /'(-[^' ]*)/.exec(text)?.[1] ?? "";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const names = [...new Set([...known, "verbose", "help"])];
    const close = option.startsWith("--") ? closeNames(option.slice(2), names)[0] : undefined;
    const hint = close ? `; did you mean "--${close}"?` : "";
    return new UsageError(`${command}: unknown option "${option}"${hint}`);
  }
  if (/argument missing/.test(text)) return new UsageError(`${command}: ${option} needs a value`);
  if (/does not take an argument/.test(text)) return new UsageError(`${command}: ${option} takes no value`);
  return new UsageError(`${command}: ${text.split(/\.(?:\s|$)/)[0]}`);
}

/** The options every client command (list, call, read, prompt) takes. */
export const clientOptions = {
  era: { type: "string", default: "auto" },
  json: { type: "boolean", default: false },
  header: { type: "string", multiple: true, default: [] },
  ...loginOptions,
} as const satisfies Options;

export type Era = "auto" | "modern" | "legacy";

export function parseEra(value: string | undefined): Era {
  const era = (value ?? "auto").toLowerCase();
  if (era !== "auto" && era !== "modern" && era !== "legacy") throw new CliError(`--era must be modern, legacy or auto, not "${value}"`);
  return era;
}

/** `--header K=V` or `--header "K: V"`, repeatable. */
export function parseHeaders(values: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const value of values) {
    const match = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(value);
    if (!match) throw new CliError(`--header needs NAME=VALUE, not "${value}"`);
    headers[match[1]] = match[2];
  }
  return headers;
}

/** `key=value` words into [key, raw value] pairs; anything without `=` is a mistake. */
export function parsePairs(words: string[], what: string): Array<[string, string]> {
  return words.map((word) => {
    const at = word.indexOf("=");
    if (at <= 0) throw new CliError(`${what} must be key=value, not "${word}"`);
    return [word.slice(0, at), word.slice(at + 1)];
  });
}

/** Parses `text` as a JSON object for `--json '{...}'`. */
export function parseJsonObject(text: string, flag: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${flag} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new CliError(`${flag} must be a JSON object like '{"key": "value"}'`);
  return value as Record<string, unknown>;
}

/** `unknown tool "x" (the server has: a, b); did you mean "y"?` as one line, the hint last as everywhere. */
export function unknownName(kind: string, name: string, available: string[]): CliError {
  const close = closeNames(name, available);
  const hint = close.length
    ? `; did you mean ${close
        .slice(0, 3)
        .map((n) => `"${n}"`)
        .join(" or ")}?`
    : "";
  const list = available.length ? `the server has: ${available.join(", ")}` : `the server has no ${kind}s`;
  return new CliError(`unknown ${kind} "${name}" (${list})${hint}`);
}

/**
 * Whether the server declared `kind` at all: one that did not answers its list and read methods
 * with -32601, which says less to a user than "the server has no prompts".
 */
export function offers(client: { serverCapabilities: object | undefined }, kind: "tools" | "resources" | "prompts"): boolean {
  return client.serverCapabilities !== undefined && Object.hasOwn(client.serverCapabilities, kind);
}

/**
 * `--json` is both "arguments as JSON" (when a JSON object or array follows) and "print JSON":
 * the first kind is taken out here, before parseArgs sees a flag that cannot be both.
 */
export function takeJsonInput(argv: string[]): { input: string | undefined; argv: string[] } {
  const out: string[] = [];
  let input: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === "--") {
      out.push(...argv.slice(i));
      break;
    }
    if (word.startsWith("--json=")) {
      input = word.slice("--json=".length);
      continue;
    }
    if (word === "--json" && i + 1 < argv.length && /^\s*[[{]/.test(argv[i + 1])) {
      input = argv[++i];
      continue;
    }
    out.push(word);
  }
  return { input, argv: out };
}
