/**
 * `mcpkit install <client> <file>`: adds (or replaces) a stdio entry for a server file in an
 * MCP client's own configuration file, keeping everything else the file holds.
 */
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve, sep } from "node:path";
import { parse } from "./args.ts";
import { CliError, type CliCommand, type CliIo } from "./command.ts";
import { CLIENTS, clientConfig, isClient, type Launch, type Scope } from "./client-configs.ts";
import { entryName } from "./entry-name.ts";
import { objectAt, readJsonObject, writeJsonAtomic } from "./json-file.ts";
import { binPath, mcpkitPackage, mcpkitRoot, readPackageJson } from "./mcpkit-package.ts";

const help = `Usage: mcpkit install <client> <file> [options]

Add a server file to an MCP client's configuration (or replace the entry with the same
name), keeping every other server and setting in that file.

Clients and where they are configured:
  claude-desktop  claude_desktop_config.json (macOS ~/Library/Application Support/Claude,
                  Windows %APPDATA%\\Claude, Linux ~/.config/Claude)
  claude-code     ~/.claude.json (--scope user, the default: every project),
                  ./.mcp.json (--scope project: shared through git),
                  ~/.claude.json for this directory only (--scope local)
  cursor          ~/.cursor/mcp.json, or ./.cursor/mcp.json with --scope project
  vscode          your VS Code profile's mcp.json, or ./.vscode/mcp.json with --scope project

Options:
  --name <name>         the entry's name in the client (default: the server's own name, from
                        new McpServer({ name }) in the file, else its project's or file's name)
  --env <KEY=VALUE>     an environment variable for the server; repeat for more
  --scope <scope>       user (default), project, or local (claude-code only)
  --config <path>       write this file instead of the client's usual one
  --dry-run             print the path and the resulting JSON without writing anything
  --verbose             show full error stacks, the server's stderr and masked tool errors
  -h, --help            show this help

The entry starts the server with absolute paths (this node and the project's mcpkit), since
desktop apps do not see your shell's PATH. Restart the client afterwards.

Examples:
  mcpkit install claude-desktop src/server.ts
  mcpkit install cursor src/server.ts --name weather --env API_KEY=abc123
  mcpkit install vscode src/server.ts --scope project --dry-run`;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `KEY=VALUE` pairs into an object; the value may itself contain "=". */
export function parseEnv(pairs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at < 0) throw new CliError(`--env needs KEY=VALUE, not "${pair}"`);
    const key = pair.slice(0, at);
    if (!ENV_NAME.test(key))
      throw new CliError(`--env "${pair}": "${key}" is not a valid variable name (letters, digits and _, not starting with a digit)`);
    env[key] = pair.slice(at + 1);
  }
  return env;
}

/** The mcpkit bin a server file's own project has installed, if any. */
function projectBin(file: string): string | undefined {
  try {
    const pkgFile = createRequire(file).resolve("mcpkit/package.json");
    const root = dirname(pkgFile);
    const bin = binPath(root, readPackageJson(root) ?? {});
    return bin && existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How the client should start the server. Claude Desktop, Cursor and VS Code start servers
 * without the user's shell: a macOS app opened from the Dock sees only the system PATH, so
 * `npx` or `node` installed through nvm, fnm, Volta or Homebrew is often "not found", and
 * the working directory is not the project's. So the entry uses absolute paths only: the
 * node running this CLI and the mcpkit bin from the server's project (or, failing that, the
 * mcpkit running now). Only when neither is usable (this CLI runs from npx's cache, which npm
 * may delete) do we fall back to `npx -y mcpkit@<version>`, which needs npx on the PATH.
 */
export function launchFor(file: string): Launch {
  const source = sourceLaunch(file);
  if (source) return source;
  const bin = projectBin(file) ?? ownBin();
  if (bin) return { command: process.execPath, args: [bin, "run", file] };
  const npx = ["-y", `mcpkit@${mcpkitPackage().version}`, "run", file];
  // npx is a .cmd script on Windows, which clients cannot spawn without a shell.
  return process.platform === "win32" ? { command: "cmd", args: ["/c", "npx", ...npx] } : { command: "npx", args: npx };
}

/**
 * Inside mcpkit's own repository, run from source (`npm run mcpkit`), the built bin may not
 * exist yet: the entry then runs the CLI's source through tsx, as `npm start` does.
 */
function sourceLaunch(file: string): Launch | undefined {
  if (!import.meta.filename.endsWith(".ts") || !isInside(mcpkitRoot, file)) return undefined;
  let tsx: string;
  try {
    tsx = import.meta.resolve("tsx");
  } catch {
    return undefined;
  }
  return {
    command: process.execPath,
    args: ["--conditions=mcpkit-source", "--import", tsx, import.meta.filename.replace(/install\.ts$/, "main.ts"), "run", file],
  };
}

const isInside = (root: string, path: string) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

function ownBin(): string | undefined {
  if (mcpkitRoot.split(sep).includes("_npx")) return undefined;
  const bin = binPath(mcpkitRoot, mcpkitPackage());
  return bin && existsSync(bin) ? bin : undefined;
}

const OPTIONS = {
  name: { type: "string" },
  env: { type: "string", multiple: true },
  scope: { type: "string" },
  config: { type: "string" },
  "dry-run": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function print(stream: NodeJS.WritableStream, line: string): void {
  stream.write(`${line}\n`);
}

export const installCommand: CliCommand = {
  name: "install",
  summary: "Add a server to Claude Desktop, Claude Code, Cursor or VS Code",
  help,
  async run(argv: string[], io: CliIo) {
    const { values, positionals } = parse("install", argv, OPTIONS);
    if (values.help) {
      print(io.stdout, help);
      return 0;
    }
    const [client, file, ...extra] = positionals;
    const usage = `mcpkit install ${CLIENTS.join("|")} <file>`;
    if (!client) throw new CliError(`install: which client? ${usage}`);
    if (!isClient(client)) throw new CliError(`unknown client "${client}"; expected one of ${CLIENTS.join(", ")}`);
    if (!file) throw new CliError(`install: which server file? ${usage}`);
    if (extra.length > 0) throw new CliError(`install: unexpected argument "${extra[0]}"; ${usage}`);
    const scope = values.scope ?? "user";
    if (scope !== "user" && scope !== "project" && scope !== "local")
      throw new CliError(`--scope must be user, project or local, not "${scope}"`);

    const serverFile = resolve(io.cwd, file);
    if (!existsSync(serverFile)) throw new CliError(`no such file: ${serverFile}`);
    if (!statSync(serverFile).isFile()) throw new CliError(`not a file: ${serverFile}`);
    const name = values.name ?? entryName(serverFile);
    if (name.trim() === "") throw new CliError("--name must not be empty");
    const env = parseEnv(values.env ?? []);

    const target = clientConfig(client, scope as Scope, { platform: process.platform, env: io.env, cwd: io.cwd });
    const path = values.config ? resolve(io.cwd, values.config) : target.path;
    const config = readJsonObject(path);
    const servers = objectAt(config, target.keys, path);
    const replaced = Object.hasOwn(servers, name);
    servers[name] = target.entry(launchFor(serverFile), env);

    if (values["dry-run"]) {
      print(io.stdout, `Would write ${path}:`);
      print(io.stdout, JSON.stringify(config, null, 2));
      return 0;
    }
    writeJsonAtomic(path, config);
    print(io.stdout, `${replaced ? "Replaced" : "Added"} server "${name}" in the ${target.label} configuration: ${path}`);
    print(io.stdout, target.hint);
    return 0;
  },
};
