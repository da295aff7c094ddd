/** `mcpkit login <url>` and `mcpkit logout <url>|--all`: tokens for protected servers, kept for the other commands. */
import { parse } from "../args.ts";
import { CliError, type CliCommand } from "../command.ts";
import { FileTokenStore } from "../../client/oauth/file-token-store.ts";
import { canonicalResource } from "../../client/oauth/resource.ts";
import { cliAuthorizer, DEFAULT_CALLBACK_PORT, loginOptions, readLoginOptions, tokenFile } from "../login.ts";

function targetUrl(command: string, positionals: string[]): URL {
  if (positionals.length === 0) throw new CliError(`${command}: give the server's URL, e.g. mcpkit ${command} https://example.com/mcp`);
  if (positionals.length > 1) throw new CliError(`${command}: unexpected argument "${positionals[1]}"`);
  let url: URL;
  try {
    url = new URL(positionals[0]);
  } catch {
    throw new CliError(`${command}: not a valid URL: ${positionals[0]}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new CliError(`${command}: the URL must be http(s), not ${url.protocol}`);
  return url;
}

export const loginCommand: CliCommand = {
  name: "login",
  summary: "Sign in to a protected server; the other commands then use the tokens",
  help: `Usage: mcpkit login <url> [options]

Signs in to a protected MCP server (OAuth 2.1): finds its authorization server, registers
mcpkit with it when needed, opens the sign-in page in your browser (or prints its URL), and
waits for it to come back to 127.0.0.1. The tokens are kept, readable by you only, in
  $MCPKIT_CONFIG_DIR, $XDG_CONFIG_HOME/mcpkit or ~/.config/mcpkit (auth.json)
and list, call, read and prompt use (and refresh) them. They sign in the same way by
themselves when a server asks, so login is for doing it ahead of time.

Options:
  --no-browser          print the sign-in URL instead of opening a browser
  --callback-port <n>   the 127.0.0.1 port the sign-in comes back to (default ${DEFAULT_CALLBACK_PORT})
  --client-id <id>      a client registered with the authorization server
  --client-secret <s>   its secret, for a confidential client
  --scope <scopes>      scopes to ask for when the server does not say
  -h, --help            show this help

Examples:
  mcpkit login https://notes.example.com/mcp
  mcpkit login http://127.0.0.1:8000/mcp --no-browser`,

  async run(argv, io) {
    const { values, positionals, rest } = parse("login", argv, loginOptions);
    if (rest !== undefined) throw new CliError('login: takes a URL, not a command after "--"');
    const url = targetUrl("login", positionals);
    const auth = cliAuthorizer(io, readLoginOptions(values));
    const tokens = await auth.login(url).catch((error: unknown) => {
      throw new CliError(`login: ${error instanceof Error ? error.message : String(error)}`);
    });
    const scope = tokens.scope ? ` (scopes: ${tokens.scope})` : "";
    io.stdout.write(`Signed in to ${canonicalResource(url)}${scope}; tokens kept in ${tokenFile(io)}\n`);
  },
};

export const logoutCommand: CliCommand = {
  name: "logout",
  summary: "Forget the tokens kept for a server (or for all of them)",
  help: `Usage: mcpkit logout <url>
       mcpkit logout --all

Removes what mcpkit login (or a sign-in by another command) kept for the server: its tokens
and mcpkit's registration with its authorization server.

Options:
  --all        forget every server
  -h, --help   show this help`,

  async run(argv, io) {
    const { values, positionals } = parse("logout", argv, { all: { type: "boolean", default: false } });
    const store = new FileTokenStore(tokenFile(io));
    if (values.all) {
      if (positionals.length) throw new CliError("logout: give a URL or --all, not both");
      const resources = await store.resources();
      for (const resource of resources) await store.delete(resource);
      io.stdout.write(resources.length ? `Signed out of ${resources.length} server(s)\n` : "Not signed in to any server\n");
      return;
    }
    const resource = canonicalResource(targetUrl("logout", positionals));
    const known = (await store.get(resource)) !== undefined;
    if (known) await store.delete(resource);
    io.stdout.write(known ? `Signed out of ${resource}\n` : `Not signed in to ${resource}\n`);
  },
};
