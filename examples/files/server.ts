/**
 * Files: `file://` resources and tools confined to one root directory. Every path is
 * checked twice: as written (no `..`, nothing outside the root), and once it is open, where
 * it really is (open-inside.ts), so a symbolic link anywhere on the way cannot lead out, not
 * even one swapped in between the check and the read.
 *
 *   FILES_ROOT=./docs npm run mcpkit -- run examples/files/server.ts
 *   FILES_ROOT=./docs node --conditions=mcpkit-source --import tsx examples/files/server.ts
 */
import type { Stats } from "node:fs";
import { realpath } from "node:fs/promises";
import { extname, isAbsolute, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { embedded, ErrorCode, McpError, McpServer, ResourceNotFoundError, ToolError, type Context, type Resource } from "mcpkit";
import { z } from "zod";
import { isInside, listOpened, lstatIn, openInside, OutsideRootError, readOpened, type Opened } from "./open-inside.ts";

export interface FilesOptions {
  /** The only directory whose files are served (default: env FILES_ROOT, else the current directory). */
  root?: string;
  /** Largest file that is read, in bytes (default 10 MiB). */
  maxBytes?: number;
}

/** Why a path was refused or not found; turned into a resource or tool error by the caller. */
class FileAccessError extends Error {
  constructor(
    readonly kind: "denied" | "not-found" | "invalid",
    message: string,
  ) {
    super(message);
  }
}

const MIME_TYPES: Record<string, string> = {
  ".txt": "text/plain",
  ".md": "text/markdown",
  ".csv": "text/csv",
  ".html": "text/html",
  ".css": "text/css",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".ts": "text/x-typescript",
  ".py": "text/x-python",
  ".json": "application/json",
  ".xml": "application/xml",
  ".yaml": "application/yaml",
  ".yml": "application/yaml",
  ".toml": "application/toml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".pdf": "application/pdf",
  ".zip": "application/zip",
  ".gz": "application/gzip",
  ".wasm": "application/wasm",
  ".mp3": "audio/mpeg",
  ".wav": "audio/wav",
};
const isTextType = (mime: string) =>
  mime.startsWith("text/") || /^application\/(json|xml|yaml|toml)$/.test(mime) || mime === "image/svg+xml";
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** A file's content as text (when it is text) or bytes, with its mime type. */
function classify(path: string, bytes: Uint8Array): { text: string; mimeType: string } | { blob: Uint8Array; mimeType: string } {
  const known = MIME_TYPES[extname(path).toLowerCase()];
  if (known && !isTextType(known)) return { blob: bytes, mimeType: known };
  // Unknown extensions are text when they decode as UTF-8 without NUL bytes.
  try {
    const text = utf8.decode(bytes);
    if (known || !text.includes("\0")) return { text, mimeType: known ?? "text/plain" };
  } catch {
    /* not UTF-8 */
  }
  return { blob: bytes, mimeType: known ?? "application/octet-stream" };
}

const errno = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** Adds the `file:///{+path}` and `file://{path}` templates and the `list_files`, `search_files` and `read_file` tools. */
export function registerFiles<S>(mcp: McpServer<S>, options: FilesOptions = {}): { root: string } {
  const root = resolve(options.root ?? process.env.FILES_ROOT ?? process.cwd());
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;

  async function realRoot(): Promise<string> {
    try {
      return await realpath(root);
    } catch {
      throw new FileAccessError("not-found", `The files root ${root} does not exist`);
    }
  }

  /**
   * Opens `requested` (absolute, or relative to the root) and checks that what was opened is
   * inside the root (see open-inside.ts: the check is on the open object, not on a name that
   * could change before it is read). Lexical checks come first, so a path refused as written
   * never touches the filesystem. The caller closes what it gets.
   */
  async function confine(requested: string): Promise<{ opened: Opened; base: string }> {
    if (requested.includes("\0")) throw new FileAccessError("invalid", "Paths cannot contain NUL characters");
    if (requested.split(/[\\/]/).includes(".."))
      throw new FileAccessError("denied", `Access denied: "${requested}" uses "..", which is not allowed`);
    const base = await realRoot();
    const absolute = isAbsolute(requested) ? resolve(requested) : resolve(root, requested);
    // Either spelling of the root is fine here (the root itself may sit behind a symlink, e.g. /tmp on macOS).
    if (!isInside(root, absolute) && !isInside(base, absolute)) {
      throw new FileAccessError("denied", `Access denied: ${absolute} is outside the root directory ${root}`);
    }
    try {
      return { opened: await openInside(absolute, base), base };
    } catch (error) {
      if (error instanceof OutsideRootError) {
        throw new FileAccessError("denied", `Access denied: ${absolute} leads outside the root directory through a symbolic link`);
      }
      if (errno(error) === "ENOENT" || errno(error) === "ENOTDIR") throw new FileAccessError("not-found", `File not found: ${absolute}`);
      if (errno(error) === "EACCES" || errno(error) === "EPERM") throw new FileAccessError("denied", `Permission denied: ${absolute}`);
      throw error;
    }
  }

  type Entry = { path: string; type: "file" | "directory" | "other"; size?: number; uri?: string; outside_root?: true };
  const typeOf = (info: Stats): Entry["type"] => (info.isFile() ? "file" : info.isDirectory() ? "directory" : "other");
  const relativeTo = (base: string, path: string) => relative(base, path).split(sep).join("/");

  /**
   * Describes the entry `name` of the opened directory `dir`, reached through the directory's
   * handle; a symlink is opened and described by what it leads to, if that is inside the root.
   */
  async function describe(dir: Opened, name: string, base: string): Promise<Entry | undefined> {
    const path = resolve(dir.real, name);
    const rel = relativeTo(base, path);
    let info: Stats;
    try {
      info = await lstatIn(dir, name);
    } catch (error) {
      if (errno(error) === "ENOENT") return undefined; // removed since the listing was read
      throw error;
    }
    if (info.isSymbolicLink()) {
      const target = await openInside(`${dir.through}/${name}`, base).catch(() => undefined);
      if (!target) return { path: rel, type: "other", outside_root: true };
      info = target.info;
      await target.close();
    }
    const type = typeOf(info);
    return { path: rel, type, ...(type === "file" ? { size: info.size } : {}), uri: pathToFileURL(path).href };
  }

  /**
   * Entries under the opened directory, breadth first. Subdirectories are opened through their
   * parent's handle without following a symlink (no loops, no escapes), and each is checked
   * again once open; a directory seen twice (swapped in meanwhile) is not walked again.
   */
  async function walk(
    dir: Opened,
    base: string,
    recursive: boolean,
    limit: number,
    keep: (name: string) => boolean = () => true,
  ): Promise<{ entries: Entry[]; truncated: boolean }> {
    const entries: Entry[] = [];
    const seen = new Set<string>([`${dir.info.dev}:${dir.info.ino}`]);
    const pending: Opened[] = [dir];
    try {
      while (pending.length) {
        const current = pending.shift()!;
        try {
          const children = (await listOpened(current)).sort((a, b) => a.name.localeCompare(b.name));
          for (const child of children) {
            if (keep(child.name)) {
              if (entries.length === limit) return { entries, truncated: true };
              const entry = await describe(current, child.name, base);
              if (entry) entries.push(entry);
            }
            if (recursive && child.isDirectory()) {
              const sub = await openInside(`${current.through}/${child.name}`, base, false).catch(() => undefined);
              const key = sub && `${sub.info.dev}:${sub.info.ino}`;
              if (sub && key && sub.info.isDirectory() && !seen.has(key)) {
                seen.add(key);
                pending.push(sub);
              } else {
                await sub?.close();
              }
            }
          }
        } finally {
          if (current !== dir) await current.close();
        }
      }
      return { entries, truncated: false };
    } finally {
      for (const left of pending) if (left !== dir) await left.close();
    }
  }

  /** An object opened without reading it (O_PATH) may still refuse to be read: say so in words. */
  async function readable<T>(real: string, work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      if (errno(error) === "EACCES" || errno(error) === "EPERM") throw new FileAccessError("denied", `Permission denied: ${real}`);
      throw error;
    }
  }

  type Listing = { directory: string; entries: Entry[]; truncated: boolean };
  type Read =
    { real: string; listing: Listing; content?: undefined } | { real: string; listing?: undefined; content: ReturnType<typeof classify> };

  async function readConfined(requested: string): Promise<Read> {
    const { opened, base } = await confine(requested);
    try {
      const { real, info } = opened;
      if (info.isDirectory()) {
        const { entries, truncated } = await readable(real, walk(opened, base, false, 1000));
        return { real, listing: { directory: relativeTo(base, real) || ".", entries, truncated } };
      }
      if (!info.isFile()) throw new FileAccessError("invalid", `Not a regular file: ${real}`);
      if (info.size > maxBytes)
        throw new FileAccessError("invalid", `File too large: ${real} is ${info.size} bytes; the limit is ${maxBytes}`);
      return { real, content: classify(real, await readable(real, readOpened(opened))) };
    } finally {
      await opened.close();
    }
  }

  /** Opens a directory under the root for the listing tools, closing it when `use` is done. */
  async function withDirectory<T>(requested: string, use: (dir: Opened, base: string) => Promise<T>): Promise<T> {
    const { opened, base } = await confine(requested);
    try {
      if (!opened.info.isDirectory()) throw new FileAccessError("invalid", `Not a directory: ${opened.real}`);
      return await readable(opened.real, use(opened, base));
    } finally {
      await opened.close();
    }
  }

  const asToolError = (error: unknown): never => {
    if (error instanceof FileAccessError) throw new ToolError(error.message);
    throw error;
  };

  mcp.resource(
    "file:///{+path}",
    {
      description: `A file (text, or binary as a blob) or a directory listing (JSON) under ${root}`,
      // resources/list shows the files at the top of the root.
      list: async () => {
        try {
          const { entries } = await withDirectory(".", (dir, base) => walk(dir, base, false, 100));
          return entries
            .filter((e) => e.type === "file" && e.uri)
            .map((e): Resource => {
              const mimeType = MIME_TYPES[extname(e.path).toLowerCase()];
              return { uri: e.uri!, name: e.path, ...(mimeType ? { mimeType } : {}), size: e.size };
            });
        } catch {
          return [];
        }
      },
    },
    async ({ path }, ctx) => {
      try {
        // The URI's path is absolute: file:///home/me/notes.txt (file:///C:/... on Windows).
        const absolute = process.platform === "win32" ? fileURLToPath(`file:///${path}`) : `/${path}`;
        const read = await readConfined(absolute);
        if (read.listing) return { text: JSON.stringify(read.listing), mimeType: "application/json" };
        return read.content;
      } catch (error) {
        throw toResourceError(error, ctx);
      }
    },
  );

  // The guide's own spelling, `file://{path}`: a path relative to the root, `/` written as %2F
  // (file://notes%2Ftodo.md), since a simple {path} variable stops at the first slash.
  mcp.resource(
    "file://{path}",
    {
      name: "get_file",
      description: `The content of a file, by its path relative to ${root} (percent-encode "/" as %2F)`,
    },
    async ({ path }, ctx) => {
      try {
        const read = await readConfined(path);
        if (read.listing) return { text: JSON.stringify(read.listing), mimeType: "application/json" };
        return read.content;
      } catch (error) {
        throw toResourceError(error, ctx);
      }
    },
  );

  mcp.tool(
    "list_files",
    {
      description: `List the files and directories under a directory of the served root (${root}).`,
      input: {
        path: z.string().default(".").describe("Directory, relative to the root (default: the root itself)"),
        recursive: z.boolean().default(false).describe("Include subdirectories' contents"),
      },
      annotations: { readOnlyHint: true },
    },
    async ({ path, recursive }) => {
      try {
        return await withDirectory(path, async (dir, base) => {
          const { entries, truncated } = await walk(dir, base, recursive, 1000);
          return { root: base, directory: relativeTo(base, dir.real) || ".", entries, truncated };
        });
      } catch (error) {
        return asToolError(error);
      }
    },
  );

  mcp.tool(
    "search_files",
    {
      description: "Find files and directories whose name contains a text (case-insensitive), anywhere under a directory of the root.",
      input: {
        pattern: z.string().min(1).describe("Text the name must contain"),
        path: z.string().default(".").describe("Directory to search, relative to the root"),
        max_results: z.number().int().min(1).max(1000).default(50),
      },
      annotations: { readOnlyHint: true },
    },
    async ({ pattern, path, max_results }) => {
      try {
        const needle = pattern.toLowerCase();
        return await withDirectory(path, async (dir, base) => {
          const { entries, truncated } = await walk(dir, base, true, max_results, (name) => name.toLowerCase().includes(needle));
          return { pattern, matches: entries, truncated };
        });
      } catch (error) {
        return asToolError(error);
      }
    },
  );

  mcp.tool(
    "read_file",
    {
      description: "Read a file under the root: text comes back as text, anything else as an embedded binary resource.",
      input: { path: z.string().min(1).describe("File path, relative to the root") },
      annotations: { readOnlyHint: true },
    },
    async ({ path }) => {
      try {
        const read = await readConfined(path);
        if (read.listing) throw new FileAccessError("invalid", `${read.real} is a directory; use list_files`);
        const uri = pathToFileURL(read.real).href;
        return "text" in read.content ? read.content.text : embedded(uri, read.content.blob, read.content.mimeType);
      } catch (error) {
        return asToolError(error);
      }
    },
  );

  return { root };
}

/** A refused path is invalid params; a missing file is resource-not-found in the client's era. */
function toResourceError<S>(error: unknown, ctx: Context<S>): unknown {
  if (!(error instanceof FileAccessError)) return error;
  if (error.kind === "not-found") return new ResourceNotFoundError(ctx.uri, error.message);
  return new McpError(ErrorCode.InvalidParams, error.message, { uri: ctx.uri });
}

export const mcp = new McpServer({
  name: "files",
  version: "0.1.0",
  instructions: "Read-only access to the files under one directory: list_files, search_files and read_file, or read file:/// resources.",
});
registerFiles(mcp);

// Serve when run directly; stay importable for tests and the showcase.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await mcp.run();
