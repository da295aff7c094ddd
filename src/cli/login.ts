/**
 * Signing the CLI in to protected servers: an `OAuthClient` whose tokens live in the user's
 * config directory (owner-only), whose redirect comes back to a loopback listener on
 * 127.0.0.1 (RFC 8252 §7.3), and which opens the browser ($BROWSER, else the platform's
 * opener) or, when there is none, prints the URL and waits.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { OAuthClient } from "../client/oauth/oauth-client.ts";
import { defaultTokenFile, FileTokenStore } from "../client/oauth/file-token-store.ts";
import type { CliIo } from "./command.ts";
import { CliError } from "./command.ts";

/** A fixed port, so that the redirect URL registered once keeps working on the next run. */
export const DEFAULT_CALLBACK_PORT = 33418;
const CALLBACK_PATH = "/callback";
const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export interface LoginOptions {
  /** False: print the URL only (`--no-browser`). */
  browser: boolean;
  callbackPort?: number;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
}

/** The options every command that may sign in takes. */
export const loginOptions = {
  "no-browser": { type: "boolean", default: false },
  "callback-port": { type: "string" },
  "client-id": { type: "string" },
  "client-secret": { type: "string" },
  scope: { type: "string" },
} as const;

export function readLoginOptions(values: {
  "no-browser"?: boolean;
  "callback-port"?: string;
  "client-id"?: string;
  "client-secret"?: string;
  scope?: string;
}): LoginOptions {
  let callbackPort: number | undefined;
  if (values["callback-port"] !== undefined) {
    callbackPort = Number(values["callback-port"]);
    if (!Number.isInteger(callbackPort) || callbackPort < 1 || callbackPort > 65535) {
      throw new CliError(`--callback-port must be a port number (1-65535), not "${values["callback-port"]}"`);
    }
  }
  return {
    browser: !values["no-browser"],
    callbackPort,
    clientId: values["client-id"],
    clientSecret: values["client-secret"],
    scope: values.scope,
  };
}

export function tokenFile(io: CliIo): string {
  return defaultTokenFile(io.env);
}

/** The CLI's OAuth client: tokens in the token file, sign-in through the browser and a loopback redirect. */
export function cliAuthorizer(io: CliIo, options: LoginOptions): OAuthClient {
  const port = options.callbackPort ?? (Number(io.env.MCPKIT_CALLBACK_PORT) || DEFAULT_CALLBACK_PORT);
  const redirectUrl = `http://127.0.0.1:${port}${CALLBACK_PATH}`;
  return new OAuthClient({
    redirectUrl,
    store: new FileTokenStore(tokenFile(io)),
    clientMetadata: { client_name: "mcpkit CLI" },
    ...(options.clientId ? { clientId: options.clientId } : {}),
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
    ...(options.scope ? { scope: options.scope } : {}),
    authorize: async (authorizationUrl, context) => {
      const callback = await listenForCallback(port);
      try {
        io.stderr.write(`mcpkit: sign in to ${context.resource} in your browser:\n  ${authorizationUrl.href}\n`);
        if (options.browser && !openBrowser(authorizationUrl.href, io)) {
          io.stderr.write("mcpkit: no browser to open here; open the URL above on this machine\n");
        }
        io.stderr.write(`mcpkit: waiting for the sign-in to come back to ${redirectUrl}\n`);
        return await callback.result;
      } finally {
        callback.close();
      }
    },
  });
}

interface Callback {
  result: Promise<URL>;
  close(): void;
}

/** Listens on 127.0.0.1:port for the one redirect back from the authorization server. */
function listenForCallback(port: number): Promise<Callback> {
  return new Promise((resolveListening, rejectListening) => {
    let settle!: (url: URL) => void;
    let fail!: (error: Error) => void;
    const result = new Promise<URL>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
      if (req.method !== "GET" || url.pathname !== CALLBACK_PATH) {
        res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
        return;
      }
      const failed = url.searchParams.get("error");
      res
        .writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" })
        .end(
          `<!doctype html><meta charset="utf-8"><title>mcpkit</title><p>${
            failed ? "Sign-in failed; see the terminal." : "Signed in. You can close this window and return to the terminal."
          }</p>\n`,
        );
      settle(url);
    });
    const timer = setTimeout(
      () => fail(new CliError(`no sign-in came back within ${SIGN_IN_TIMEOUT_MS / 60_000} minutes`)),
      SIGN_IN_TIMEOUT_MS,
    );
    timer.unref();
    server.once("error", (error: NodeJS.ErrnoException) => {
      rejectListening(
        error.code === "EADDRINUSE"
          ? new CliError(`port ${port} on 127.0.0.1 is in use, so the sign-in cannot come back to it; pass --callback-port <port>`)
          : error,
      );
    });
    server.listen(port, "127.0.0.1", () =>
      resolveListening({
        result,
        close: () => {
          clearTimeout(timer);
          server.close();
          server.closeAllConnections();
        },
      }),
    );
  });
}

/**
 * Opens `url` with $BROWSER (a command; `%s` is replaced by the URL, else it is appended), or
 * the platform's opener where there is a desktop. False when there is nothing to open it with.
 */
function openBrowser(url: string, io: CliIo): boolean {
  const env = io.env;
  let command: string;
  let args: string[];
  if (env.BROWSER) {
    const words = env.BROWSER.trim().split(/\s+/);
    command = words[0];
    args = words.slice(1).some((word) => word.includes("%s"))
      ? words.slice(1).map((word) => word.replace("%s", url))
      : [...words.slice(1), url];
  } else if (process.platform === "darwin") {
    [command, args] = ["open", [url]];
  } else if (process.platform === "win32") {
    [command, args] = ["cmd", ["/c", "start", '""', url.replace(/&/g, "^&")]];
  } else if (env.DISPLAY || env.WAYLAND_DISPLAY) {
    [command, args] = ["xdg-open", [url]];
  } else {
    return false;
  }
  try {
    const child = spawn(command, args, { stdio: "ignore", detached: true, env });
    child.on("error", () => io.stderr.write(`mcpkit: could not start ${command}; open the URL above yourself\n`));
    child.unref();
    return true;
  } catch {
    return false;
  }
}
