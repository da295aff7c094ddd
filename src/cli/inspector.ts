/**
 * The MCP Inspector: which release, under which Node, with which command line; and starting
 * it. Shared by `mcpkit dev --inspector` and the showcase's hints (`npm start`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { delimiter, dirname } from "node:path";
import type { CliIo } from "./command.ts";

/** The Inspector release mcpkit is tested with, in a real browser (test/browser/inspector.test.ts). */
export const INSPECTOR_VERSION = "2.12.0";
const INSPECTOR_PACKAGE = `@modelcontextprotocol/inspector@${INSPECTOR_VERSION}`;

/**
 * Its engines field says Node 22.19 or newer. On an older Node, npx would quietly pick the last
 * release without an engines field (0.15, which reads a URL as a command to spawn), so the
 * release is pinned and run under a Node 22 that npx fetches from npm (the `node` package).
 */
const INSPECTOR_NODE: readonly [number, number] = [22, 19];
const NODE_FOR_INSPECTOR = "node@^22.19.0";

/** What the Inspector connects to: a URL it reaches over HTTP, or a command it starts over stdio. */
export type InspectorTarget =
  { transport: "http" | "sse"; url: string } | { transport: "stdio"; command: string; args: string[]; cwd: string };

/** Whether `nodeVersion` ("20.20.2") can run the pinned Inspector itself. */
export function runsInspector(nodeVersion: string = process.versions.node): boolean {
  const [major = 0, minor = 0] = nodeVersion.replace(/^v/, "").split(".").map(Number);
  return major > INSPECTOR_NODE[0] || (major === INSPECTOR_NODE[0] && minor >= INSPECTOR_NODE[1]);
}

/**
 * The Inspector's command line for `target`, opened on the right transport. `--protocol-era
 * auto` makes it try 2026-07-28 first and fall back to 2025-11-25, as mcpkit's own client does;
 * HTTP+SSE is 2024-11-05 only.
 */
export function inspectorCommand(target: InspectorTarget, nodeVersion: string = process.versions.node): string[] {
  const launcher = runsInspector(nodeVersion)
    ? ["npx", "-y", INSPECTOR_PACKAGE]
    : ["npx", "-y", "-p", NODE_FOR_INSPECTOR, "-p", INSPECTOR_PACKAGE, "mcp-inspector"];
  if (target.transport === "stdio") {
    // After "--" the server's own options (--verbose, node's --import) are not the Inspector's.
    return [...launcher, "--cwd", target.cwd, "--protocol-era", "auto", "--", target.command, ...target.args];
  }
  if (target.transport === "sse") return [...launcher, new URL("/sse", target.url).href, "--transport", "sse"];
  return [...launcher, target.url, "--transport", "http", "--protocol-era", "auto"];
}

/** A command line as a shell would need it typed: words with spaces or quotes are quoted. */
export function shellLine(words: string[]): string {
  return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(" ");
}

const READY = /(https?:\/\/\S+MCP_INSPECTOR_API_TOKEN=\S+)/;

/**
 * Starts the Inspector: says which release and how long a first start takes, passes its output
 * through, and says when its page is ready (and after how long). `log` writes one CLI line.
 */
export function startInspector(commandLine: string[], io: CliIo, log: (message: string) => void): ChildProcess {
  const [command, ...args] = commandLine;
  const fetchesNode = commandLine.includes(NODE_FOR_INSPECTOR);
  log(
    `starting MCP Inspector ${INSPECTOR_VERSION}${fetchesNode ? ` under Node 22 (this Node ${process.versions.node} is too old for it)` : ""}; ` +
      "the first start downloads it and takes about a minute, later ones a few seconds",
  );
  const started = Date.now();
  // npm's engine warnings for the packages npx installs are noise here, not the user's concern;
  // this Node first on PATH, so that npx and the Inspector run on the Node that mcpkit runs on.
  const path = [dirname(process.execPath), io.env.PATH ?? io.env.Path].filter(Boolean).join(delimiter);
  const env = { ...io.env, PATH: path, npm_config_loglevel: io.env.npm_config_loglevel ?? "error" };
  const windows = process.platform === "win32";
  // Its own process group, so that stopping it stops npx's children too (see stopInspector).
  const child = spawn(windows ? `${command}.cmd` : command, args, {
    cwd: io.cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    shell: windows,
    detached: !windows,
  });
  let ready = false;
  let pending = "";
  const pass = (chunk: Buffer) => {
    io.stderr.write(chunk);
    if (ready) return;
    pending = (pending + chunk.toString("utf8")).slice(-4096);
    const match = READY.exec(pending);
    if (!match) return;
    ready = true;
    log(`MCP Inspector ${INSPECTOR_VERSION} is ready after ${((Date.now() - started) / 1000).toFixed(1)} s: open ${match[1]}`);
  };
  child.stdout!.on("data", pass);
  child.stderr!.on("data", pass);
  child.on("error", (error) => log(`cannot start the Inspector (${command}): ${error.message}`));
  child.on("exit", (code, signal) => {
    if (!ready && signal === null)
      log(`the Inspector exited (exit code ${code}) before its page was ready; run the command above by hand to see why`);
  });
  return child;
}

/** Stops the Inspector and what npx started under it (its web server, a stdio server). */
export function stopInspector(child: ChildProcess | undefined): void {
  if (!child || child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    if (process.platform === "win32") child.kill("SIGTERM");
    else process.kill(-child.pid, "SIGTERM");
  } catch {
    // Already gone.
  }
}
