import { realpath, readFile } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { McpServer, ToolError } from "mcpkit";
import { z } from "zod";

export const mcp = new McpServer({ name: "files", version: "1.0.0", maskErrorDetails: true });

// #region confine
const ROOT = resolve(process.env.FILES_ROOT ?? "./data");

/** The real path of `requested` inside ROOT, or a ToolError: no `..`, no absolute paths, no symlinks out. */
async function confine(requested: string): Promise<string> {
  if (isAbsolute(requested)) throw new ToolError("Give a path relative to the files root");
  const root = await realpath(ROOT);
  let real: string;
  try {
    real = await realpath(resolve(root, requested)); // follows symlinks to where they really point
  } catch {
    throw new ToolError(`No such file: ${requested}`);
  }
  const inside = relative(root, real);
  if (inside === "" || inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    throw new ToolError("That path is outside the files root");
  }
  return real;
}

mcp.tool("read_file", {
  description: "Read a text file under the files root",
  input: { path: z.string().max(1024).describe("Path relative to the files root") },
  annotations: { readOnlyHint: true },
}, async ({ path }) => await readFile(await confine(path), "utf8"));
// #endregion
