import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { Client, HttpClientTransport } from "mcpkit/client";
import { SCRIPT_CLIENT } from "./dev-authorization-server.ts";

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

let child: ChildProcess;
let resource: string;
let issuer: string;

before(async () => {
  const [port, oauthPort] = [await freePort(), await freePort()];
  resource = `http://127.0.0.1:${port}/mcp`;
  child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "server.ts")], {
    env: { ...process.env, PORT: String(port), OAUTH_PORT: String(oauthPort), OAUTH_ISSUER: "", MCP_PUBLIC_URL: "" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the example did not start:\n${stderr}`)), 30_000);
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = /development authorization server at (\S+)/.exec(stderr);
      if (found) issuer = found[1];
      if (issuer && /serving notes on/.test(stderr)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`the example exited (${code}):\n${stderr}`)));
  });
});

after(() => {
  child?.kill("SIGTERM");
});

async function token(scope: string): Promise<string> {
  const res = await fetch(`${issuer}/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${btoa(`${SCRIPT_CLIENT.id}:${SCRIPT_CLIENT.secret}`)}`,
    },
    body: new URLSearchParams({ grant_type: "client_credentials", scope, resource }),
  });
  const body = (await res.json()) as { access_token: string };
  return body.access_token;
}

async function client(accessToken: string, era: "modern" | "legacy"): Promise<Client> {
  const c = new Client({ name: "oauth-example-test", version: "1" }, { era });
  await c.connect(new HttpClientTransport(resource, { headers: { authorization: `Bearer ${accessToken}` } }));
  return c;
}

test("the metadata names the development authorization server; no token is 401", async () => {
  const metadata = (await (await fetch(new URL("/.well-known/oauth-protected-resource/mcp", resource))).json()) as Record<string, unknown>;
  assert.deepEqual(metadata.authorization_servers, [issuer]);
  assert.equal(metadata.resource, resource);
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
  assert.ok(discovery.registration_endpoint, "clients can register themselves");
  const res = await fetch(resource, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
  assert.equal(res.status, 401);
});

for (const era of ["modern", "legacy"] as const) {
  test(`${era}: a reader lists notes but must step up to add one; a writer adds`, async () => {
    const reader = await client(await token("notes:read"), era);
    try {
      assert.deepEqual(
        (await reader.listAllTools()).map((t) => t.name),
        ["whoami", "list_notes"],
      );
      await assert.rejects(reader.callTool("add_note", { text: "x" }), /needs the scope notes:write/);
    } finally {
      await reader.close();
    }
    const writer = await client(await token("notes:read notes:write"), era);
    try {
      assert.match(((await writer.callTool("add_note", { text: `from ${era}` })).content[0] as { text: string }).text, /\d+ notes/);
      const listed = (await writer.callTool("list_notes")).structuredContent as { result?: unknown } | undefined;
      assert.match(JSON.stringify(listed ?? (await writer.callTool("list_notes")).content), new RegExp(`from ${era}`));
    } finally {
      await writer.close();
    }
  });
}
