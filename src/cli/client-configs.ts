/**
 * Where each MCP client keeps its server list, and the shape of one stdio entry in it.
 *
 * - Claude Desktop: `claude_desktop_config.json` in the app's data folder (macOS
 *   ~/Library/Application Support/Claude, Windows %APPDATA%\Claude, Linux ~/.config/Claude),
 *   key `mcpServers`. It has no project-level file.
 * - Claude Code: the same files `claude mcp add` writes. Default scope "user" is the top-level
 *   `mcpServers` of ~/.claude.json (every project, like the other clients' global files);
 *   "project" is `.mcp.json` in the current directory (shared through git); "local" is
 *   `projects[<cwd>].mcpServers` of ~/.claude.json (this project, only you). Entries carry
 *   `"type": "stdio"` as `claude mcp add` writes them.
 * - Cursor: ~/.cursor/mcp.json (user) or .cursor/mcp.json (project), key `mcpServers`.
 * - VS Code: the user profile's `mcp.json` (macOS ~/Library/Application Support/Code/User,
 *   Windows %APPDATA%\Code\User, Linux ~/.config/Code/User) or the workspace's
 *   .vscode/mcp.json; key `servers`, entries need `"type": "stdio"`.
 */
import { posix, win32 } from "node:path";
import { CliError } from "./command.ts";
import type { JsonObject } from "./json-file.ts";

export const CLIENTS = ["claude-desktop", "claude-code", "cursor", "vscode"] as const;
export type ClientId = (typeof CLIENTS)[number];
export type Scope = "user" | "project" | "local";

export interface Launch {
  command: string;
  args: string[];
}

export interface ClientConfig {
  /** Name shown to the user, e.g. "Claude Desktop". */
  label: string;
  /** The configuration file. */
  path: string;
  /** Keys from the file's root to the object that maps server names to entries. */
  keys: string[];
  /** One line telling the user how the client picks the change up. */
  hint: string;
  entry(launch: Launch, env: Record<string, string>): JsonObject;
}

export interface Where {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const isClient = (value: string): value is ClientId => (CLIENTS as readonly string[]).includes(value);

function homeDir({ platform, env }: Where): string {
  const home = platform === "win32" ? (env.USERPROFILE ?? env.HOME) : (env.HOME ?? env.USERPROFILE);
  if (!home) throw new CliError("cannot find your home directory (HOME is not set); pass --config <path>");
  return home;
}

/** The per-user application data folder that Electron apps (Claude Desktop, VS Code) use. */
function appDataDir(where: Where): string {
  const { platform, env } = where;
  const path = platform === "win32" ? win32 : posix;
  if (platform === "darwin") return path.join(homeDir(where), "Library", "Application Support");
  if (platform === "win32") return env.APPDATA ?? path.join(homeDir(where), "AppData", "Roaming");
  return env.XDG_CONFIG_HOME || path.join(homeDir(where), ".config");
}

const withEnv = (entry: JsonObject, env: Record<string, string>): JsonObject => (Object.keys(env).length > 0 ? { ...entry, env } : entry);

const plainEntry = (launch: Launch, env: Record<string, string>) => withEnv({ command: launch.command, args: launch.args }, env);
const typedEntry = (launch: Launch, env: Record<string, string>) =>
  withEnv({ type: "stdio", command: launch.command, args: launch.args }, env);

function noScope(client: ClientId, scope: Scope, allowed: Scope[]): never {
  throw new CliError(`${client} has no "${scope}" configuration; use --scope ${allowed.join(" or ")}`);
}

/** The configuration `client` reads for `scope` on this machine. */
export function clientConfig(client: ClientId, scope: Scope, where: Where): ClientConfig {
  const path = where.platform === "win32" ? win32 : posix;
  const inProject = (...parts: string[]) => path.resolve(where.cwd, ...parts);
  switch (client) {
    case "claude-desktop":
      if (scope !== "user") noScope(client, scope, ["user"]);
      return {
        label: "Claude Desktop",
        path: path.join(appDataDir(where), "Claude", "claude_desktop_config.json"),
        keys: ["mcpServers"],
        hint: "Quit and reopen Claude Desktop to load it.",
        entry: plainEntry,
      };
    case "claude-code": {
      const userFile = path.join(homeDir(where), ".claude.json");
      const label = "Claude Code";
      const hint = "Claude Code loads it in new sessions; check with `claude mcp list` or /mcp.";
      if (scope === "project") return { label, path: inProject(".mcp.json"), keys: ["mcpServers"], hint, entry: typedEntry };
      if (scope === "local")
        return { label, path: userFile, keys: ["projects", path.resolve(where.cwd), "mcpServers"], hint, entry: typedEntry };
      return { label, path: userFile, keys: ["mcpServers"], hint, entry: typedEntry };
    }
    case "cursor":
      if (scope === "local") noScope(client, scope, ["user", "project"]);
      return {
        label: "Cursor",
        path: scope === "project" ? inProject(".cursor", "mcp.json") : path.join(homeDir(where), ".cursor", "mcp.json"),
        keys: ["mcpServers"],
        hint: "Check it is enabled in Cursor Settings > MCP (restart Cursor if it is not listed).",
        entry: plainEntry,
      };
    case "vscode":
      if (scope === "local") noScope(client, scope, ["user", "project"]);
      return {
        label: "VS Code",
        path: scope === "project" ? inProject(".vscode", "mcp.json") : path.join(appDataDir(where), "Code", "User", "mcp.json"),
        keys: ["servers"],
        hint: 'Start it from the MCP servers list in VS Code (command "MCP: List Servers").',
        entry: typedEntry,
      };
  }
}
