/**
 * Command-line parsing shared by the commands: node:util parseArgs with its errors turned
 * into one-line CliErrors, the `--` split for command targets, and `key=value` pairs.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { CliError } from "./command.ts";

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

type Values<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>["values"];

export function parse<const O extends Options>(command: string, argv: string[], options: O): Parsed<Values<O>> {
  const { own, rest } = splitDashes(argv);
  try {
    const { values, positionals } = parseArgs({ args: own, options, allowPositionals: true, strict: true });
    return { values, positionals, rest };
  } catch (error) {
    const message = (error as Error).message.split("\n")[0].replace(/\.$/, "");
    throw new CliError(`${command}: ${lowerFirst(message)} (see mcpkit ${command} --help)`);
  }
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** The options every client command (list, call, read, prompt) takes. */
export const clientOptions = {
  era: { type: "string", default: "auto" },
  json: { type: "boolean", default: false },
  header: { type: "string", multiple: true, default: [] },
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
    if (!match) throw new CliError(`--header needs NAME=VALUE, got "${value}"`);
    headers[match[1]] = match[2];
  }
  return headers;
}

/** `key=value` words into [key, raw value] pairs; anything without `=` is a mistake. */
export function parsePairs(words: string[], what: string): Array<[string, string]> {
  return words.map((word) => {
    const at = word.indexOf("=");
    if (at <= 0) throw new CliError(`${what} must be key=value, got "${word}"`);
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
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new CliError(`${flag} must be a JSON object like '{"key": "value"}'`);
  return value as Record<string, unknown>;
}

/** Names close to `name` (typos and partial names), best first. */
export function closeNames(name: string, candidates: string[]): string[] {
  const lower = name.toLowerCase();
  return candidates
    .map((candidate) => {
      const c = candidate.toLowerCase();
      // A part of a name counts as close, unless it is too short to mean anything.
      const contained = Math.min(c.length, lower.length) >= 3 && (c.includes(lower) || lower.includes(c));
      const distance = contained ? 1 : editDistance(lower, c);
      return { candidate, distance };
    })
    .filter(({ distance, candidate }) => distance <= Math.max(2, Math.floor(candidate.length / 3)))
    .sort((a, b) => a.distance - b.distance)
    .map(({ candidate }) => candidate);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** "unknown tool "x"; did you mean "y"? The server has: a, b" as one line. */
export function unknownName(kind: string, name: string, available: string[]): CliError {
  const close = closeNames(name, available);
  const hint = close.length ? `; did you mean ${close.slice(0, 3).map((n) => `"${n}"`).join(" or ")}?` : "";
  const list = available.length ? ` The server has: ${available.join(", ")}` : ` The server has no ${kind}s`;
  return new CliError(`unknown ${kind} "${name}"${hint}${list}`);
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
    if (word === "--") { out.push(...argv.slice(i)); break; }
    if (word.startsWith("--json=")) { input = word.slice("--json=".length); continue; }
    if (word === "--json" && i + 1 < argv.length && /^\s*[[{]/.test(argv[i + 1])) { input = argv[++i]; continue; }
    out.push(word);
  }
  return { input, argv: out };
}
