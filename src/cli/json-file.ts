/**
 * Reading and writing the JSON configuration files of MCP clients without losing what the
 * user (or the client itself) keeps in them: unknown keys survive, a file we cannot parse is
 * refused rather than overwritten, and writes are atomic so a crash never leaves half a file
 * behind (Claude Code rewrites ~/.claude.json constantly; a torn write would cost the user
 * their whole Claude Code state).
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { CliError } from "./command.ts";

export type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** The file's top-level object; `{}` when it does not exist or is blank. */
export function readJsonObject(path: string): JsonObject {
  if (!existsSync(path)) return {};
  if (statSync(path).isDirectory()) throw new CliError(`${path} is a directory, not a JSON file`);
  const source = readFileSync(path, "utf8");
  if (source.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(source.replace(/^\uFEFF/, ""));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`${path} is not valid JSON (${reason}); fix it or pass --config, nothing was written`);
  }
  if (!isObject(parsed)) throw new CliError(`${path} does not hold a JSON object; fix it or pass --config, nothing was written`);
  return parsed;
}

/**
 * The object at `keys` inside `root`, created (as `{}`) where missing. A value in the way that
 * is not an object is the user's data: refuse instead of replacing it.
 */
export function objectAt(root: JsonObject, keys: readonly string[], path: string): JsonObject {
  let node = root;
  for (const [index, key] of keys.entries()) {
    const next = node[key];
    if (next === undefined) node[key] = {};
    else if (!isObject(next)) {
      throw new CliError(`${path}: "${keys.slice(0, index + 1).join(".")}" is not an object; fix it, nothing was written`);
    }
    node = node[key] as JsonObject;
  }
  return node;
}

/** Writes `data` as 2-space JSON through a temporary file and a rename, keeping the old file's mode. */
export function writeJsonAtomic(path: string, data: JsonObject): void {
  mkdirSync(dirname(path), { recursive: true });
  const mode = existsSync(path) ? statSync(path).mode & 0o777 : 0o644;
  const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(data, null, 2)}\n`, { mode });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
