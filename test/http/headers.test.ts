import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeHeaderValue } from "../../src/transports/http/headers.ts";
import { MODERN, modernMeta, rawRequest, start } from "./helpers.ts";

/** Posts like the conformance harness's raw probes: exactly the headers given, no default Mcp-Method. */
async function probe(url: string, method: string, params: Record<string, unknown>, headers: Record<string, string>) {
  const body = JSON.stringify({ jsonrpc: "2.0", id: 100, method, params: { ...params, _meta: modernMeta() } });
  const res = await rawRequest(url, {
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": MODERN,
      ...headers,
    },
    body,
  });
  const json = String(res.headers["content-type"]).includes("application/json") ? JSON.parse(res.body) : undefined;
  return { status: res.status, json };
}

const rejected = (r: { status: number; json?: { error?: { code: number } } }) => r.status === 400 && r.json?.error?.code === -32020;
const accepted = (r: { status: number; json?: { error?: unknown } }) => r.status < 400 && !r.json?.error;

test("decodeHeaderValue: base64 sentinel, literals, invalid characters", () => {
  assert.equal(decodeHeaderValue("=?base64?SGVsbG8=?="), "Hello");
  assert.equal(decodeHeaderValue("=?base64?SGVsbG8sIOS4lueVjA==?="), "Hello, 世界");
  assert.equal(decodeHeaderValue("  plain  "), "plain");
  assert.equal(decodeHeaderValue("SGVsbG8="), "SGVsbG8=");
  assert.equal(decodeHeaderValue("=?base64?SGVsbG8="), "=?base64?SGVsbG8=");
  assert.equal(decodeHeaderValue("=?base64?SGVsbG8?="), undefined); // bad padding
  assert.equal(decodeHeaderValue("=?base64?SGVs!!!bG8=?="), undefined); // bad characters
  assert.equal(decodeHeaderValue("caf\u00e9"), undefined); // not visible ASCII
  assert.equal(decodeHeaderValue("=?base64?/w==?="), undefined); // not UTF-8
});

test("http-header-validation: every row of the conformance table (§4.9)", async () => {
  const s = await start();
  try {
    const call = { name: "echo", arguments: { text: "x" } };
    assert.ok(rejected(await probe(s.url, "tools/list", {}, { "Mcp-Method": "prompts/list" })), "mismatched method");
    assert.ok(rejected(await probe(s.url, "tools/list", {}, {})), "missing method");
    assert.ok(
      rejected(await probe(s.url, "tools/call", call, { "Mcp-Method": "tools/call", "Mcp-Name": "wrong_tool_name" })),
      "mismatched name",
    );
    assert.ok(
      accepted(await probe(s.url, "tools/call", call, { "Mcp-Method": "tools/call", "Mcp-Name": "  echo  " })),
      "whitespace around the name",
    );
    assert.ok(rejected(await probe(s.url, "tools/call", call, { "Mcp-Method": "tools/call" })), "missing name");
    assert.ok(accepted(await probe(s.url, "tools/list", {}, { "mcp-method": "tools/list" })), "lower-case header name");
    assert.ok(accepted(await probe(s.url, "tools/list", {}, { "MCP-METHOD": "tools/list" })), "upper-case header name");
    assert.ok(rejected(await probe(s.url, "tools/list", {}, { "Mcp-Method": "TOOLS/LIST" })), "values are case-sensitive");
    // Mcp-Name for resources/read is the uri, and base64 names are decoded first.
    assert.ok(
      accepted(
        await probe(
          s.url,
          "resources/read",
          { uri: "test://doc" },
          { "Mcp-Method": "resources/read", "Mcp-Name": `=?base64?${btoa("test://doc")}?=` },
        ),
      ),
    );
    assert.ok(rejected(await probe(s.url, "prompts/get", { name: "greeting" }, { "Mcp-Method": "prompts/get", "Mcp-Name": "other" })));
  } finally {
    await s.close();
  }
});

test("http-custom-header-server-validation: Mcp-Param-* rows (§4.9b)", async () => {
  const s = await start();
  try {
    const call = (region: string, headers: Record<string, string>) =>
      probe(
        s.url,
        "tools/call",
        { name: "region", arguments: { region } },
        { "Mcp-Method": "tools/call", "Mcp-Name": "region", ...headers },
      );
    const decoded = await call("Hello", { "Mcp-Param-Region": "=?base64?SGVsbG8=?=" });
    assert.ok(accepted(decoded), "base64 value decoded then compared");
    assert.equal(decoded.json.result.content[0].text, "region=Hello");
    assert.ok(rejected(await call("Hello", { "Mcp-Param-Region": "=?base64?SGVsbG8?=" })), "bad padding");
    assert.ok(rejected(await call("Hello", { "Mcp-Param-Region": "=?base64?SGVs!!!bG8=?=" })), "bad base64 characters");
    assert.ok(accepted(await call("SGVsbG8=", { "Mcp-Param-Region": "SGVsbG8=" })), "no wrapper: literal");
    assert.ok(accepted(await call("=?base64?SGVsbG8=", { "Mcp-Param-Region": "=?base64?SGVsbG8=" })), "no ?= suffix: literal");
    assert.ok(rejected(await call("test-value", {})), "missing header for a present argument");
    assert.ok(rejected(await call("eu-west", { "mcp-param-region": "us-east" })), "mismatched value");
    assert.ok(accepted(await call("eu-west", { "MCP-PARAM-REGION": "eu-west" })), "header names are case-insensitive");
    // Integers compare numerically.
    const numeric = await probe(
      s.url,
      "tools/call",
      { name: "region", arguments: { region: "a", count: 42 } },
      { "Mcp-Method": "tools/call", "Mcp-Name": "region", "Mcp-Param-Region": "a", "Mcp-Param-Count": "42.0" },
    );
    assert.ok(accepted(numeric));
    const wrongNumber = await probe(
      s.url,
      "tools/call",
      { name: "region", arguments: { region: "a", count: 42 } },
      { "Mcp-Method": "tools/call", "Mcp-Name": "region", "Mcp-Param-Region": "a", "Mcp-Param-Count": "43" },
    );
    assert.ok(rejected(wrongNumber));
  } finally {
    await s.close();
  }
});

test("legacy requests ignore Mcp-* headers", async () => {
  const s = await start({ stateless: true });
  try {
    const res = await rawRequest(s.url, {
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        "mcp-protocol-version": "2025-11-25",
        "mcp-method": "nonsense",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    assert.equal(res.status, 200);
    assert.ok(JSON.parse(res.body).result.tools.length > 0);
  } finally {
    await s.close();
  }
});
