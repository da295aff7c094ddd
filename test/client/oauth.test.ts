/**
 * mcpkit's own OAuth client against a real authorization server (oidc-provider: examples/oauth's
 * development server, with dynamic registration, PKCE and resource indicators, its login pages
 * driven headless) and an mcpkit HTTP server behind bearerAuth, on both eras: the first sign-in,
 * a shared store, step-up to a wider scope and its limit, client credentials, the file store,
 * and the refusals (metadata for another resource, a forged state).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { bearerAuth, jwtVerifier } from "../../src/auth/index.ts";
import { Client, FileTokenStore, HttpClientTransport, McpError, OAuthClient, type OAuthClientOptions } from "../../src/client/index.ts";
import { McpServer } from "../../src/index.ts";
import { serveHttp, type HttpServerHandle } from "../../src/transports/http/index.ts";
import { SCRIPT_CLIENT, startDevAuthorizationServer, type DevAuthorizationServer } from "../../examples/oauth/dev-authorization-server.ts";
import { loginAndConsent } from "../helpers/oidc-login.ts";
import { freePort } from "../helpers/free-port.ts";

/** What the authorization server can grant; notes:admin is asked for by one tool and never granted. */
const AS_SCOPES = ["notes:read", "notes:write"];
const REDIRECT = "http://127.0.0.1:1/callback";
const ERAS = ["modern", "legacy"] as const;

let as: DevAuthorizationServer;
let http: HttpServerHandle;
let resource: string;
let tmp: string;

before(async () => {
  const port = await freePort();
  resource = `http://127.0.0.1:${port}/mcp`;
  as = await startDevAuthorizationServer({ port: await freePort(), resource, scopes: AS_SCOPES });
  const mcp = new McpServer({ name: "protected-notes", version: "1" });
  mcp.tool("whoami", { description: "Who you are", scopes: ["notes:read"] }, (_args, ctx) =>
    JSON.stringify({ subject: ctx.auth?.subject ?? null, clientId: ctx.auth?.clientId, scopes: ctx.auth?.scopes }),
  );
  mcp.tool("write_note", { description: "Writes a note", scopes: ["notes:write"] }, (_args, ctx) => `written by ${ctx.auth?.subject}`);
  mcp.tool("admin", { description: "Needs a scope nobody is granted", scopes: ["notes:admin"] }, () => "admin");
  http = await serveHttp(mcp, {
    port,
    ...bearerAuth({
      resource,
      authorizationServers: [as.issuer],
      // Only notes:read in the metadata and the 401 challenge: the first grant is the narrow one,
      // and notes:write comes by step-up when write_note asks for it.
      scopesSupported: ["notes:read"],
      verify: jwtVerifier({ issuer: as.issuer, audience: resource }),
    }),
  });
  tmp = mkdtempSync(join(tmpdir(), "mcpkit-oauth-"));
});

after(async () => {
  await http?.close();
  await as?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface Recorder {
  /** The authorization URLs handed to authorize(), in order. */
  authorizations: URL[];
  /** Every request the OAuth client made itself (discovery, registration, token). */
  requests: Array<{ url: string; method: string; body: string | undefined }>;
  options: OAuthClientOptions;
}

/** Options for a user's client that signs in as `login`, recording what it does. */
function userClient(extra: Partial<OAuthClientOptions> = {}, login = "ada"): Recorder {
  const recorder: Recorder = {
    authorizations: [],
    requests: [],
    options: {},
  };
  recorder.options = {
    redirectUrl: REDIRECT,
    authorize: (url) => {
      recorder.authorizations.push(url);
      return loginAndConsent(url.href, login, REDIRECT);
    },
    fetch: (input, init) => {
      recorder.requests.push({
        url: String(input instanceof Request ? input.url : input),
        method: init?.method ?? "GET",
        body: typeof init?.body === "string" ? init.body : undefined,
      });
      return fetch(input, init);
    },
    ...extra,
  };
  return recorder;
}

async function connect(auth: OAuthClient, era: (typeof ERAS)[number]): Promise<Client> {
  const client = new Client({ name: "oauth-test", version: "1" }, { era });
  await client.connect(new HttpClientTransport(resource, { auth }));
  assert.equal(client.era, era);
  return client;
}

const text = (result: { content: Array<{ type: string; text?: string }> }) => {
  const first = result.content[0];
  assert.equal(first?.type, "text");
  return first.text!;
};

async function whoami(client: Client): Promise<{ subject: string | null; clientId: string; scopes: string[] }> {
  const result = await client.callTool("whoami");
  assert.notEqual(result.isError, true, JSON.stringify(result));
  return JSON.parse(text(result)) as { subject: string | null; clientId: string; scopes: string[] };
}

for (const era of ERAS) {
  describe(`authorization code flow, ${era} era`, () => {
    test("401, discovery, dynamic registration as a native app, PKCE sign-in, then a protected call", async () => {
      const recorder = userClient();
      const auth = new OAuthClient(recorder.options);
      const client = await connect(auth, era);
      try {
        assert.equal(recorder.authorizations.length, 1, "signed in once");
        const url = recorder.authorizations[0];
        assert.equal(url.origin, as.issuer);
        assert.equal(url.searchParams.get("resource"), resource, "RFC 8707 resource indicator");
        assert.equal(url.searchParams.get("code_challenge_method"), "S256");
        assert.ok(url.searchParams.get("code_challenge"));
        assert.ok(url.searchParams.get("state"));
        assert.equal(url.searchParams.get("redirect_uri"), REDIRECT);
        assert.ok(url.searchParams.get("scope")?.split(" ").includes("notes:read"), url.searchParams.get("scope") ?? "");
        assert.ok(!url.searchParams.get("scope")?.split(" ").includes("notes:write"), "the first grant is the narrow one");

        const stored = await auth.store.get(resource);
        assert.ok(stored, "the store holds an entry for the resource");
        assert.equal(stored.issuer, as.issuer);
        assert.ok(stored.tokens?.access_token);
        assert.equal(stored.tokens.token_type, "Bearer");
        assert.ok(stored.client?.client_id, "a dynamically registered client");
        assert.equal(url.searchParams.get("client_id"), stored.client.client_id);
        assert.equal(stored.client.token_endpoint_auth_method, "none", "a public client");

        const registrations = recorder.requests.filter((r) => r.method === "POST" && r.url.startsWith(`${as.issuer}/reg`));
        assert.equal(registrations.length, 1, JSON.stringify(recorder.requests.map((r) => r.url)));
        const registered = JSON.parse(registrations[0].body!) as Record<string, unknown>;
        assert.equal(registered.application_type, "native", "a loopback redirect registers a native application (SEP-837)");
        assert.deepEqual(registered.redirect_uris, [REDIRECT]);

        const me = await whoami(client);
        assert.equal(me.subject, "ada");
        assert.equal(me.clientId, stored.client.client_id);
        assert.ok(me.scopes.includes("notes:read"));
      } finally {
        await client.close();
      }
    });

    test("a second client sharing the OAuthClient connects without signing in again", async () => {
      const recorder = userClient();
      const auth = new OAuthClient(recorder.options);
      const first = await connect(auth, era);
      await first.close();
      assert.equal(recorder.authorizations.length, 1);
      const second = await connect(auth, era);
      try {
        assert.equal((await whoami(second)).subject, "ada");
        assert.equal(recorder.authorizations.length, 1, "the stored token was reused");
      } finally {
        await second.close();
      }
    });

    test("step-up: a tool needing notes:write gets a 403, one more sign-in with both scopes, then succeeds", async () => {
      const recorder = userClient();
      const auth = new OAuthClient(recorder.options);
      const client = await connect(auth, era);
      try {
        assert.equal(recorder.authorizations.length, 1);
        assert.ok(!(await auth.store.get(resource))?.tokens?.scope?.split(" ").includes("notes:write"));
        const result = await client.callTool("write_note");
        assert.notEqual(result.isError, true, JSON.stringify(result));
        assert.equal(text(result), "written by ada");
        assert.equal(recorder.authorizations.length, 2, "one step-up sign-in");
        const asked = new Set(recorder.authorizations[1].searchParams.get("scope")?.split(" "));
        assert.ok(asked.has("notes:read") && asked.has("notes:write"), `the union of scopes: ${[...asked].join(" ")}`);
        const granted = (await auth.store.get(resource))?.tokens?.scope?.split(" ") ?? [];
        assert.ok(granted.includes("notes:read") && granted.includes("notes:write"), granted.join(" "));
        // What was there before the step-up still works, with no further sign-in.
        assert.equal((await whoami(client)).subject, "ada");
        assert.equal(recorder.authorizations.length, 2);
      } finally {
        await client.close();
      }
    });

    test("step-up refused: a scope the authorization server does not grant ends in a clean error after one sign-in; other calls go on", async () => {
      const recorder = userClient();
      const auth = new OAuthClient(recorder.options);
      const client = await connect(auth, era);
      try {
        assert.equal(recorder.authorizations.length, 1);
        const error = await client.callTool("admin").then(
          (result) => assert.fail(`expected a refusal, got ${JSON.stringify(result)}`),
          (error: unknown) => error,
        );
        assert.ok(error instanceof McpError, String(error));
        assert.match(error.message, /needs the scope "notes:admin", and the authorization server granted only "notes:read/);
        assert.deepEqual(error.data, { httpStatus: 403, oauthError: "insufficient_scope" });
        // The token that came back lacks the scope: another sign-in would get the same answer.
        // (A server that keeps refusing a token with the scope is bounded by maxAuthorizations:
        // the conformance suite's auth/scope-retry-limit.)
        const stepUps = recorder.authorizations.slice(1);
        assert.equal(stepUps.length, 1, "one step-up sign-in, then the refusal");
        assert.ok(stepUps[0].searchParams.get("scope")?.split(" ").includes("notes:admin"));
        assert.equal((await whoami(client)).subject, "ada");
        assert.equal(recorder.authorizations.length, 2, "no sign-in for a call the token already covers");
      } finally {
        await client.close();
      }
    });
  });
}

test("client credentials: a pre-registered machine client gets a token and calls a tool with no user", async () => {
  const auth = new OAuthClient({ grant: "client_credentials", clientId: SCRIPT_CLIENT.id, clientSecret: SCRIPT_CLIENT.secret });
  const client = await connect(auth, "modern");
  try {
    const stored = await auth.store.get(resource);
    assert.ok(stored?.tokens?.access_token);
    assert.equal(stored.issuer, as.issuer);
    assert.equal(stored.client?.client_id, SCRIPT_CLIENT.id);
    assert.equal(stored.tokens.refresh_token, undefined);
    const me = await whoami(client);
    assert.equal(me.clientId, SCRIPT_CLIENT.id);
    assert.notEqual(me.subject, "ada");
    assert.ok(me.scopes.includes("notes:read"));
  } finally {
    await client.close();
  }
});

test("FileTokenStore: 0600 in a 0700 directory, shared by a new OAuthClient, emptied by logout", async () => {
  const file = join(tmp, "config", "mcpkit", "auth.json");
  const recorder = userClient({ store: new FileTokenStore(file) });
  const auth = new OAuthClient(recorder.options);
  const first = await connect(auth, "legacy");
  await first.close();
  assert.equal(recorder.authorizations.length, 1);
  if (process.platform !== "win32") {
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(dirname(file)).mode & 0o777, 0o700);
  }
  const onDisk = JSON.parse(readFileSync(file, "utf8")) as Record<string, { issuer?: string; tokens?: { access_token?: string } }>;
  assert.equal(onDisk[resource]?.issuer, as.issuer);
  assert.ok(onDisk[resource]?.tokens?.access_token);

  const again = userClient({ store: new FileTokenStore(file) });
  const second = new OAuthClient(again.options);
  const client = await connect(second, "modern");
  try {
    assert.equal((await whoami(client)).subject, "ada");
    assert.equal(again.authorizations.length, 0, "the tokens on disk were used");
  } finally {
    await client.close();
  }

  await second.logout(new URL(resource));
  assert.equal(await second.store.get(resource), undefined);
  assert.equal(await new FileTokenStore(file).get(resource), undefined);
  assert.equal((JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>)[resource], undefined);
  if (process.platform !== "win32") assert.equal(statSync(file).mode & 0o777, 0o600);
});

describe("refusals", () => {
  let fake: Server;
  let fakeAs: Server;
  let fakeUrl: string;
  let fakeAsHits = 0;

  before(async () => {
    const listen = (server: Server) =>
      new Promise<string>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`));
      });
    fakeAs = createServer((_req, res) => {
      fakeAsHits++;
      res.writeHead(404).end();
    });
    const fakeAsUrl = await listen(fakeAs);
    fake = createServer((req, res) => {
      if (req.url === "/.well-known/oauth-protected-resource/mcp") {
        // Metadata for another server: a client that took it would send its user's token there.
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ resource: "https://elsewhere.example/mcp", authorization_servers: [fakeAsUrl] }));
        return;
      }
      req.resume();
      res.writeHead(401, { "www-authenticate": `Bearer resource_metadata="${fakeUrl}/.well-known/oauth-protected-resource/mcp"` });
      res.end();
    });
    fakeUrl = await listen(fake);
  });

  after(async () => {
    for (const server of [fake, fakeAs]) {
      server?.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
    }
  });

  test("protected resource metadata naming another resource: connect fails, the authorization server is never asked", async () => {
    const recorder = userClient();
    const auth = new OAuthClient(recorder.options);
    const client = new Client({ name: "oauth-test", version: "1" }, { era: "legacy" });
    await assert.rejects(client.connect(new HttpClientTransport(`${fakeUrl}/mcp`, { auth })), (error: Error) => {
      assert.match(error.message, /elsewhere\.example/);
      assert.match(error.message, /not for/);
      return true;
    });
    assert.equal(fakeAsHits, 0, "no request reached the authorization server");
    assert.equal(recorder.authorizations.length, 0);
    assert.ok(!recorder.requests.some((r) => !r.url.startsWith(fakeUrl)), JSON.stringify(recorder.requests));
    assert.equal(await auth.store.get(`${fakeUrl}/mcp`), undefined);
  });

  test("an authorization answer with another state is refused", async () => {
    let calls = 0;
    const auth = new OAuthClient({
      redirectUrl: REDIRECT,
      authorize: async (url) => {
        calls++;
        const back = await loginAndConsent(url.href, "ada", REDIRECT);
        assert.ok(back.searchParams.get("code"));
        back.searchParams.set("state", "forged-state");
        return back;
      },
    });
    const client = new Client({ name: "oauth-test", version: "1" }, { era: "modern" });
    await assert.rejects(client.connect(new HttpClientTransport(resource, { auth })), (error: Error) => {
      assert.match(error.message, /state/);
      assert.match(error.message, /refus/);
      return true;
    });
    assert.equal(calls, 1, "refused at once, not tried again");
    assert.equal((await auth.store.get(resource))?.tokens, undefined, "no tokens kept");
  });
});
