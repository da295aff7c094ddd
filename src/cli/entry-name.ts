/**
 * The name `install` gives a server's entry when --name is not given. Every `mcpkit new`
 * project's entry is `src/server.ts`, so the file name would make a second project replace
 * the first: the entry is named after the server's own name (the literal given to
 * `new McpServer({ name: ... })` in the file), else after its project (package.json's name, or
 * the folder), and after the file only when that name says something ("weather.ts").
 */
import { readFileSync } from "node:fs";
import { basename, dirname, extname } from "node:path";
import { readPackageJson } from "./mcpkit-package.ts";

const GENERIC = new Set(["server", "index", "main", "mcp", "app", "src"]);
// The first `name:` string in the options object of `new McpServer({ ... })`; read, never run.
const SERVER_NAME = /new\s+McpServer\s*(?:<[^>]*>)?\s*\(\s*\{[^}]*?\bname\s*:\s*(["'`])([^"'`$\n]+)\1/;

export function entryName(file: string): string {
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    // an unreadable file is named after its path below
  }
  const own = SERVER_NAME.exec(text)?.[2]?.trim();
  if (own) return own;
  const stem = basename(file, extname(file));
  if (!GENERIC.has(stem.toLowerCase())) return stem;
  return projectName(dirname(file)) ?? stem;
}

/** The nearest package.json's name (without its scope), or the project folder's name. */
function projectName(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const name = readPackageJson(current)?.name;
    if (name) return name.replace(/^@[^/]+\//, "");
    if (dirname(current) === current) break;
  }
  const folder = basename(dir) === "src" ? basename(dirname(dir)) : basename(dir);
  return folder || undefined;
}
