import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "mcpkit";
import { Client, StdioClientTransport } from "mcpkit/client";
import { connect } from "mcpkit/testing";
import { endpointUrl, registerApi } from "./server.ts";

// A stub API under /v2; the path picks the answer.
let stub: Server;
let origin: string;
const seen: string[] = [];
const held = new Set<ServerResponse>();

before(async () => {
  stub = createServer((req, res) => {
    const path = req.url ?? "/";
    seen.push(path);
    switch (path) {
      case "/v2/users/1":
        return res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end('{"id":1,"name":"Ada"}');
      case "/v2/zen":
        return res.writeHead(200, { "content-type": "text/plain" }).end("Keep it logically awesome.");
      case "/v2/untyped":
        return res.writeHead(200).end("no type");
      case "/v2/logo":
        return res.writeHead(200, { "content-type": "image/png" }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      case "/v2/broken":
        return res.writeHead(500).end("oops");
      case "/v2/moved":
        return res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      case "/v2/big":
        return res.writeHead(200, { "content-type": "text/plain" }).end("x".repeat(4096));
      case "/v2/slow":
        held.add(res);
        return;
      default:
        return res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
});

after(async () => {
  for (const res of held) res.destroy();
  stub.closeAllConnections();
  await new Promise((resolve) => stub.close(resolve));
});

function apiServer() {
  const mcp = new McpServer({ name: "api-test", version: "0.0.0" });
  registerApi(mcp, { baseUrl: `${origin}/v2`, timeoutMs: 1000, maxBytes: 1024 });
  return mcp;
}
type Contents = { uri: string; mimeType?: string; text?: string; blob?: string };

test("endpoints stay below the base URL", () => {
  assert.equal(endpointUrl("https://api.example.com", "users/1").href, "https://api.example.com/users/1");
  assert.equal(endpointUrl("https://api.example.com/v2/", "a?b#c").href, "https://api.example.com/v2/a%3Fb%23c");
  assert.equal(endpointUrl("https://api.example.com/v2", "a:b/c@d").href, "https://api.example.com/v2/a%3Ab/c%40d");
  for (const endpoint of ["", "..", "../x", "a/../../x", "./x", "a\\b", "//evil.example/x", "/x", "a//b", "x/"])
    assert.throws(() => endpointUrl("https://api.example.com", endpoint), /Invalid endpoint/, endpoint);
});

for (const era of ["modern", "legacy"] as const) {
  test(`api://{endpoint} passes the API's answer through with its content type (${era})`, async () => {
    const client = await connect(apiServer(), { era });
    try {
      const [template] = await client.listAllResourceTemplates();
      assert.deepEqual([template.name, template.uriTemplate], ["get_api_data", "api://{endpoint}"]);
      const read = async (uri: string) => (await client.readResource(uri)).contents[0] as Contents;
      assert.deepEqual(await read("api://users%2F1"), {
        uri: "api://users%2F1",
        mimeType: "application/json",
        text: '{"id":1,"name":"Ada"}',
      });
      assert.deepEqual(await read("api://zen"), { uri: "api://zen", mimeType: "text/plain", text: "Keep it logically awesome." });
      assert.deepEqual(await read("api://untyped"), { uri: "api://untyped", mimeType: "text/plain", text: "no type" });
      assert.deepEqual(await read("api://logo"), {
        uri: "api://logo",
        mimeType: "image/png",
        blob: Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString("base64"),
      });

      const failure = async (uri: string) => {
        const error = await client.readResource(uri).then(
          () => undefined,
          (e: Error & { code?: number }) => e,
        );
        assert.ok(error, `${uri} should fail`);
        return { code: error.code, message: error.message };
      };
      const notFound = era === "modern" ? -32602 : -32002;
      assert.deepEqual(await failure("api://nothing"), { code: notFound, message: "The API has nothing at /v2/nothing" });
      assert.deepEqual(await failure("api://broken"), { code: -32603, message: "The API answered HTTP 500 for /v2/broken" });
      assert.deepEqual(await failure("api://moved"), { code: -32603, message: "The API answered HTTP 302 for /v2/moved" });
      assert.deepEqual(await failure("api://big"), { code: -32603, message: "The API's answer is larger than 1024 bytes" });
      assert.deepEqual(await failure("api://slow"), { code: -32603, message: "The API did not answer within 1000 ms" });
      assert.equal((await failure("api://..%2F..%2Fadmin")).code, -32602);
      assert.ok(!seen.some((path) => !path.startsWith("/v2/")), `every request stayed under /v2: ${seen.join(" ")}`);
    } finally {
      await client.close();
    }
  });
}

test("the example runs over stdio with API_BASE_URL pointing at the stub", async () => {
  const client = new Client({ name: "api-test", version: "0.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ["--conditions=mcpkit-source", "--import", "tsx", "examples/api/server.ts"],
      env: { API_BASE_URL: `${origin}/v2` },
    }),
  );
  try {
    const contents = (await client.readResource("api://zen")).contents[0] as Contents;
    assert.equal(contents.text, "Keep it logically awesome.");
  } finally {
    await client.close();
  }
});
