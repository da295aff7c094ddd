/**
 * The CLI signs in to a protected server as a user would: `mcpkit login` against a real
 * authorization server (oidc-provider, examples/oauth's development server) through the
 * "browser" ($BROWSER, here a headless stand-in) and the loopback redirect; the tokens land
 * in an owner-only file that list/call use and refresh; `--no-browser` prints the URL and
 * waits; `--header Authorization` bypasses it all; logout forgets.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bearerAuth, jwtVerifier } from "../../src/auth/index.ts";
import { McpServer } from "../../src/index.ts";
import { serveHttp, type HttpServerHandle } from "../../src/transports/http/index.ts";
import { startDevAuthorizationServer, type DevAuthorizationServer } from "../../examples/oauth/dev-authorization-server.ts";
import { loginAndConsent } from "../helpers/oidc-login.ts";
import { freePort } from "../helpers/free-port.ts";

const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const BROWSER_SCRIPT = fileURLToPath(new URL("../helpers/headless-browser.ts", import.meta.url));
const TSX = ["--conditions=mcpkit-source", "--import", "tsx"];
const SCOPES = ["notes:read", "notes:write"];

let as: DevAuthorizationServer;
let http: HttpServerHandle;
let url: string;
let home: string;
let callbackPort: number;
const browserLog = () => join(home, "browser.log");
const opened = () => {
  try {
    return readFileSync(browserLog(), "utf8").split("\n").filter(Boolean).length;
  } catch {
    return 0;
  }
};

before(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}/mcp`;
  as = await startDevAuthorizationServer({ port: await freePort(), resource: url, scopes: SCOPES });
  const mcp = new McpServer({ name: "protected-notes", version: "1" });
  mcp.tool("whoami", { description: "Who you are", scopes: ["notes:read"] }, (_args, ctx) => `signed in as ${ctx.auth?.subject}`);
  http = await serveHttp(mcp, {
    port,
    ...bearerAuth({
      resource: url,
      authorizationServers: [as.issuer],
      scopesSupported: SCOPES,
      verify: jwtVerifier({ issuer: as.issuer, audience: url }),
    }),
  });
  home = mkdtempSync(join(tmpdir(), "mcpkit-login-"));
  callbackPort = await freePort();
});

after(async () => {
  await http?.close();
  await as?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; `onStderr` sees its error output as it comes (for --no-browser). */
function mcpkit(args: string[], options: { browser?: boolean; onStderr?: (text: string) => void } = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MCPKIT_CONFIG_DIR: join(home, "config"),
    MCPKIT_CALLBACK_PORT: String(callbackPort),
    HEADLESS_BROWSER_LOG: browserLog(),
    NO_COLOR: "1",
  };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  if (options.browser === false) delete env.BROWSER;
  else env.BROWSER = [process.execPath, ...TSX, BROWSER_SCRIPT].join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TSX, MAIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
      options.onStderr?.(stderr);
    });
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const tokenFile = () => join(home, "config", "auth.json");
const stored = () =>
  JSON.parse(readFileSync(tokenFile(), "utf8")) as Record<
    string,
    { tokens?: { access_token: string; refresh_token?: string; expires_at?: number } }
  >;

test("login opens the browser, comes back to the loopback redirect and keeps the tokens owner-only", async () => {
  const run = await mcpkit(["login", url]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Signed in to http:\/\/127\.0\.0\.1:\d+\/mcp \(scopes: [^)]*notes:read/);
  assert.equal(opened(), 1);
  assert.equal(statSync(tokenFile()).mode & 0o777, 0o600);
  assert.equal(statSync(join(home, "config")).mode & 0o777, 0o700);
  assert.ok(stored()[url]?.tokens?.access_token);
});

test("call and list use the kept tokens with no new sign-in", async () => {
  const before = opened();
  const run = await mcpkit(["call", url, "whoami"]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /signed in as ada/);
  const list = await mcpkit(["list", url, "tools"]);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /whoami/);
  assert.equal(opened(), before);
});

test("an expired access token is refreshed, not signed in again", async (t) => {
  const entries = stored();
  const entry = entries[url];
  if (!entry?.tokens?.refresh_token) {
    t.skip("the authorization server issued no refresh token");
    return;
  }
  const old = entry.tokens.access_token;
  entry.tokens.expires_at = Date.now() - 1000;
  writeFileSync(tokenFile(), JSON.stringify(entries), { mode: 0o600 });
  const before = opened();
  const run = await mcpkit(["call", url, "whoami"]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /signed in as ada/);
  assert.equal(opened(), before);
  assert.notEqual(stored()[url]?.tokens?.access_token, old);
});

test("--header Authorization is sent as is, with no sign-in", async () => {
  const before = opened();
  const run = await mcpkit(["call", url, "whoami", "--header", "Authorization: Bearer not-a-token"]);
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /401/);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
  assert.equal(opened(), before);
});

test("logout forgets the server; --no-browser then prints the URL and waits for the redirect", async () => {
  const out = await mcpkit(["logout", url]);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /Signed out of/);
  assert.equal(stored()[url], undefined);

  let signedIn: Promise<unknown> | undefined;
  const run = await mcpkit(["call", url, "whoami", "--no-browser"], {
    browser: false,
    onStderr: (text) => {
      const link = /\n\s+(http:\/\/127\.0\.0\.1:\d+\/auth\?\S+)\n/.exec(text)?.[1];
      if (link && !signedIn && /waiting for the sign-in/.test(text)) {
        signedIn = loginAndConsent(link, "ada", `http://127.0.0.1:${callbackPort}/callback`).then((callback) => fetch(callback));
      }
    },
  });
  assert.ok(signedIn, `no sign-in URL printed:\n${run.stderr}`);
  await signedIn;
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /signed in as ada/);

  const all = await mcpkit(["logout", "--all"]);
  assert.match(all.stdout, /Signed out of 1 server/);
  assert.deepEqual(stored(), {});
});

test("login to a server that asks for no authorization says so", async () => {
  const open = new McpServer({ name: "open", version: "1" });
  const port = await freePort();
  const server = await serveHttp(open, { port });
  try {
    const run = await mcpkit(["login", `http://127.0.0.1:${port}/mcp`]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /nothing to sign in to/);
  } finally {
    await server.close();
  }
});
