/**
 * `requestState` is strict: only the exact text the server issued is accepted, and it is bound
 * to the principal even when the token carries no subject or client id. Over real HTTP with an
 * `authenticate` hook, as a deployment has it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { serveHttp } from "../../src/transports/http/index.ts";
import { hostileServer } from "./fixtures/hostile-server.ts";
import { modernHeaders, modernMeta, post, type Answer } from "./wire-peers.ts";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Spellings of a state that decode to the same bytes, or nearly, and must all be refused. */
function variants(state: string): Record<string, string> {
  const last = state.at(-1)!;
  const flipped = ALPHABET[ALPHABET.indexOf(last) ^ 1];
  const middle = state.lastIndexOf(".") + 5;
  return {
    'padding "=="': `${state}==`,
    'trailing "!!"': `${state}!!`,
    "the last character's low bit changed": state.slice(0, -1) + flipped,
    'an inserted "!"': `${state.slice(0, middle)}!${state.slice(middle)}`,
    "a trailing newline": `${state}\n`,
    "a leading space": ` ${state}`,
    "the body changed": `x${state}`,
  };
}

test("requestState: tampered spellings and another principal's state are refused with -32602", async () => {
  const mcp = hostileServer();
  // Tokens with no subject and no client id: the principal is the token itself.
  const handle = await serveHttp(mcp, {
    port: 0,
    authenticate: (request) => {
      const header = request.headers.authorization;
      const value = Array.isArray(header) ? header[0] : header;
      return value?.startsWith("Bearer ") ? { token: value.slice(7), scopes: [] } : undefined;
    },
  });
  try {
    const meta = modernMeta({ elicitation: {} });
    const call = async (token: string | undefined, extra: object = {}) => {
      const headers = { ...modernHeaders("tools/call", "ask"), ...(token ? { authorization: `Bearer ${token}` } : {}) };
      return (
        await post(
          handle.url,
          { jsonrpc: "2.0", id: 1, method: "tools/call", params: { _meta: meta, name: "ask", arguments: {}, ...extra } },
          headers,
        )
      ).answer as Answer;
    };
    const first = await call("alice-token");
    assert.equal(first.result?.resultType, "input_required", JSON.stringify(first));
    const state = first.result!.requestState as string;
    const [key] = Object.keys(first.result!.inputRequests as object);
    const answer = { [key]: { action: "accept", content: { name: "Ada" } } };

    for (const [label, spelling] of Object.entries(variants(state))) {
      const refused = await call("alice-token", { requestState: spelling, inputResponses: answer });
      assert.equal(refused.error?.code, -32602, `${label}: ${JSON.stringify(refused)}`);
      assert.match(refused.error!.message, /Invalid requestState/);
    }
    for (const [label, token] of [
      ["another token", "mallory-token"],
      ["no token", undefined],
    ] as const) {
      const replayed = await call(token, { requestState: state, inputResponses: answer });
      assert.equal(replayed.error?.code, -32602, `${label}: ${JSON.stringify(replayed)}`);
      assert.match(replayed.error!.message, /issued for a different request/);
    }
    const accepted = await call("alice-token", { requestState: state, inputResponses: answer });
    assert.deepEqual(accepted.result?.content, [{ type: "text", text: "hi Ada" }], JSON.stringify(accepted));
  } finally {
    await handle.close();
    await mcp.close();
  }
});
