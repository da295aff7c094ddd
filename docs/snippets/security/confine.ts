import { open, realpath, stat, type FileHandle } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { McpServer, ToolError } from "mcpkit";
import { z } from "zod";

export const mcp = new McpServer({ name: "files", version: "1.0.0", maskErrorDetails: true });

// #region confine
const ROOT = resolve(process.env.FILES_ROOT ?? "./data");

/**
 * Opens `requested` for reading if it is inside ROOT: no `..`, no absolute paths, no symlinks
 * out. The file is opened first and what was opened is checked, so a directory swapped for a
 * symlink between the check and the read cannot send the read elsewhere.
 */
async function openInside(requested: string): Promise<FileHandle> {
  if (isAbsolute(requested)) throw new ToolError("Give a path relative to the files root");
  const root = await realpath(ROOT);
  const path = resolve(root, requested);
  const handle = await open(path, "r").catch(() => { throw new ToolError(`No such file: ${requested}`); });
  try {
    if (!(await opensInside(handle, path, root))) throw new ToolError("That path is outside the files root");
    return handle;
  } catch (error) {
    await handle.close();
    throw error instanceof ToolError ? error : new ToolError(`No such file: ${requested}`);
  }
}

const isInside = (root: string, real: string) => {
  const inside = relative(root, real);
  return inside !== "" && inside !== ".." && !inside.startsWith(`..${sep}`) && !isAbsolute(inside);
};

async function opensInside(handle: FileHandle, path: string, root: string): Promise<boolean> {
  // Linux: /proc names the object that was opened, whatever happened to the names since.
  const opened = await realpath(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
  if (opened !== undefined) return isInside(root, opened);
  // Elsewhere: the name must lead inside now and to the same file (device, inode) as the
  // handle. Still a check of names, so a fast enough swapper can win it now and then.
  const real = await realpath(path);
  const [held, named] = await Promise.all([handle.stat(), stat(real)]);
  return isInside(root, real) && held.dev === named.dev && held.ino === named.ino;
}

mcp.tool("read_file", {
  description: "Read a text file under the files root",
  input: { path: z.string().max(1024).describe("Path relative to the files root") },
  annotations: { readOnlyHint: true },
}, async ({ path }) => {
  const handle = await openInside(path);
  try {
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
});
// #endregion
