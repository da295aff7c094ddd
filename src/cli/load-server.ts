/**
 * Loads a user's server module the way `node server.js` would, TypeScript included (through
 * the optional `tsx` package), and finds its McpServer. A module may export the server
 * (default or named) or start it itself with `mcp.run()`; the run hook tells the two apart so
 * a server is never started twice.
 */
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CliError } from "./command.ts";
import { RUN_HOOK } from "../run.ts";

/** What the CLI needs of a server: duck-typed, so a server from another copy of mcpkit still counts. */
export interface ServerLike {
  tool: (...args: never[]) => unknown;
  resource: (...args: never[]) => unknown;
  prompt: (...args: never[]) => unknown;
  run: (options?: Record<string, unknown>) => Promise<void>;
  info?: { name?: string };
}

export type LoadedServer =
  | { kind: "exported"; server: ServerLike; exportName: string }
  /** The module called `run()` itself; `done` settles when its top-level code does. */
  | { kind: "self-started"; server: ServerLike; done: Promise<unknown> };

const TS_EXTENSIONS = new Set([".ts", ".mts", ".cts", ".tsx"]);
const TSX_MISSING = "running a .ts file needs tsx: npm install -D tsx";

export function isServerLike(value: unknown): value is ServerLike {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return ["tool", "resource", "prompt", "run"].every((key) => typeof v[key] === "function");
}

/** Resolves `file` against `cwd` and checks it is there, with a one-line error if not. */
export function resolveServerFile(file: string, cwd: string): string {
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new CliError(`no such file: ${file}`);
  if (statSync(path).isDirectory())
    throw new CliError(`${file} is a directory; give the server's entry file (e.g. ${join(file, "server.ts")})`);
  return path;
}

/** `onRun` is called, synchronously, when the module calls `run()` itself (before it serves). */
export async function loadServer(path: string, displayName = path, onRun: () => void = () => {}): Promise<LoadedServer> {
  if (TS_EXTENSIONS.has(extname(path))) await registerTypeScript(path);
  let started: ServerLike | undefined;
  let markStarted!: () => void;
  const startedSignal = new Promise<void>((resolvePromise) => (markStarted = resolvePromise));
  const global = globalThis as Record<symbol, unknown>;
  global[RUN_HOOK] = (server: ServerLike) => {
    onRun();
    started ??= server;
    markStarted();
  };
  const imported = import(pathToFileURL(path).href).catch((error: unknown) => {
    throw Object.assign(new CliError(`cannot load ${displayName}: ${oneLine(error)}`), { cause: error });
  });
  // A module that awaits `mcp.run()` at top level never finishes importing while it serves.
  const first = await Promise.race([
    imported.then((module: Record<string, unknown>) => ({ module })),
    startedSignal.then(() => ({ module: undefined })),
  ]);
  if (first.module) await new Promise((r) => setImmediate(r)); // a run() started just after import
  if (started) {
    delete global[RUN_HOOK];
    return { kind: "self-started", server: started, done: imported };
  }
  delete global[RUN_HOOK];
  const module = first.module ?? {};
  const found = findServer(module);
  if (found) return { kind: "exported", ...found };
  throw new CliError(
    `${displayName} has no McpServer: export it (export const mcp = new McpServer(...) or export default mcp), or call mcp.run() in the file`,
  );
}

function findServer(module: Record<string, unknown>): { server: ServerLike; exportName: string } | undefined {
  if (isServerLike(module.default)) return { server: module.default, exportName: "default" };
  const named = Object.entries(module).filter(([, value]) => isServerLike(value)) as Array<[string, ServerLike]>;
  if (named.length === 0) return undefined;
  if (named.length > 1) {
    const preferred = named.find(([name]) => name === "mcp" || name === "server");
    if (preferred) return { server: preferred[1], exportName: preferred[0] };
    throw new CliError(`the module exports several servers (${named.map(([n]) => n).join(", ")}); export the one to run as default`);
  }
  return { server: named[0][1], exportName: named[0][0] };
}

/** Registers tsx's loader: from mcpkit's own location first, then from the user's project. */
async function registerTypeScript(path: string): Promise<void> {
  let api: { register: () => unknown } | undefined;
  try {
    api = await import("tsx/esm/api");
  } catch {
    try {
      const resolved = createRequire(path).resolve("tsx/esm/api");
      api = (await import(pathToFileURL(resolved.replace(/\.cjs$/, ".mjs")).href)) as { register: () => unknown };
    } catch {
      api = undefined;
    }
  }
  if (!api || typeof api.register !== "function") throw new CliError(TSX_MISSING);
  api.register();
}

export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .join(" ");
}

/**
 * Sends what the module writes to stdout (a top-level console.log) to stderr until the
 * returned function is called: over stdio, stdout is the protocol stream, and the stdio
 * transport guards it only once it serves. Calling the result twice is harmless.
 */
export function stdoutToStderr(): () => void {
  const stdout = process.stdout;
  const original = stdout.write;
  stdout.write = process.stderr.write.bind(process.stderr) as typeof stdout.write;
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    stdout.write = original;
  };
}
