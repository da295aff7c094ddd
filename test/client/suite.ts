// The client behaviours every transport and both eras must show, run against the fixture server.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Client, McpError } from "../../src/client/index.ts";
import type { ClientOptions, ElicitRequestParams, InputContext, LogMessage, ServerNotification } from "../../src/client/index.ts";

export type Era = "modern" | "legacy";

/** Connects a client with these options to a fresh fixture server; `close` ends both. */
export type Connect = (options: ClientOptions) => Promise<{ client: Client; close(): Promise<void> }>;

export interface HandlerLog {
  elicit: { message: string; ctx: InputContext }[];
  sample: number;
  roots: number;
}

export function handlers(log: HandlerLog): Pick<ClientOptions, "onElicit" | "onSample" | "onRoots"> {
  return {
    onElicit: (params: ElicitRequestParams, ctx) => {
      log.elicit.push({ message: params.message, ctx });
      if (params.message === "Your name?") return { action: "accept", content: { name: "Ada" } };
      if (params.message === "Favourite colour?") return { action: "accept", content: { color: "green" } };
      return { action: "decline" };
    },
    onSample: () => {
      log.sample++;
      return { role: "assistant", content: { type: "text", text: "Paris" }, model: "test-model" };
    },
    onRoots: () => {
      log.roots++;
      return [{ uri: "file:///work/a", name: "a" }, { uri: "file:///work/b" }];
    },
  };
}

const newLog = (): HandlerLog => ({ elicit: [], sample: 0, roots: 0 });
const textOf = (result: { content: unknown[] }) => (result.content[0] as { text: string }).text;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function stats(client: Client): Promise<{ stepRuns: number; cancelled: number }> {
  return (await client.callTool("stats")).structuredContent as { stepRuns: number; cancelled: number };
}

async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(10);
  }
}

export function clientSuite(transport: string, era: Era, connect: Connect, options: { concurrency?: number } = {}): void {
  const open = async (extra: ClientOptions = {}, log = newLog()) => {
    const { client, close } = await connect({ era, ...handlers(log), ...extra });
    return { client, close, log };
  };

  describe(`client over ${transport}, ${era} era`, { concurrency: options.concurrency ?? 1 }, () => {
    test("connects and describes the server", async () => {
      const { client, close } = await open();
      assert.equal(client.era, era);
      assert.equal(client.protocolVersion, era === "modern" ? "2026-07-28" : "2025-11-25");
      assert.deepEqual(client.serverInfo, { name: "client-fixture", version: "2.0.0" });
      assert.ok(client.serverCapabilities?.tools);
      assert.ok(client.serverCapabilities?.prompts);
      assert.equal(client.instructions, "Use the tools.");
      await client.ping();
      await close();
    });

    test("lists and calls tools", async () => {
      const { client, close } = await open();
      const page = await client.listTools();
      const add = page.tools.find((t) => t.name === "add");
      assert.ok(add);
      assert.deepEqual(add.inputSchema.required, ["a", "b"]);
      if (era === "modern") assert.equal(page.resultType, "complete");
      const all = await client.listAllTools();
      assert.deepEqual(
        all.map((t) => t.name),
        page.tools.map((t) => t.name),
      );
      const sum = await client.callTool("add", { a: 2, b: 3 });
      assert.equal(textOf(sum), "5");
      assert.equal(sum.isError, undefined);
      const raw = await client.request<{ tools: unknown[] }>("tools/list");
      assert.equal(raw.tools.length, page.tools.length);
      await close();
    });

    test("reads resources and templates", async () => {
      const { client, close } = await open();
      const { resources } = await client.listResources();
      assert.ok(resources.some((r) => r.uri === "test://static"));
      const { resourceTemplates } = await client.listResourceTemplates();
      assert.deepEqual(
        resourceTemplates.map((t) => t.uriTemplate),
        ["test://item/{id}"],
      );
      assert.deepEqual(
        (await client.listAllResources()).map((r) => r.uri),
        resources.map((r) => r.uri),
      );
      assert.deepEqual(await client.listAllResourceTemplates(), resourceTemplates);
      const text = await client.readResource("test://static");
      assert.deepEqual(text.contents[0], { uri: "test://static", mimeType: "text/plain", text: "static text" });
      const item = await client.readResource("test://item/7");
      assert.deepEqual(JSON.parse((item.contents[0] as { text: string }).text), { id: "7" });
      await assert.rejects(
        client.readResource("test://missing"),
        (error: unknown) =>
          error instanceof McpError &&
          error.code === (era === "modern" ? -32602 : -32002) &&
          (error.data as { uri: string }).uri === "test://missing",
      );
      await close();
    });

    test("gets prompts and completions", async () => {
      const { client, close } = await open();
      const { prompts } = await client.listPrompts();
      assert.deepEqual(
        prompts.map((p) => p.name),
        ["greet"],
      );
      assert.deepEqual(await client.listAllPrompts(), prompts);
      const prompt = await client.getPrompt("greet", { name: "Ada" });
      assert.equal((prompt.messages[0].content as { text: string }).text, "Say hello to Ada");
      const completion = await client.complete({ type: "ref/prompt", name: "greet" }, { name: "name", value: "Al" });
      assert.deepEqual(completion.completion.values, ["Alice", "Albert"]);
      await assert.rejects(client.getPrompt("greet"), (error: unknown) => error instanceof McpError && error.code === -32602);
      await close();
    });

    test("routes progress to the call that asked for it", async () => {
      const { client, close } = await open();
      const seen: unknown[] = [];
      const other: unknown[] = [];
      const [result] = await Promise.all([
        client.callTool("progress", {}, { onProgress: (p) => seen.push(p) }),
        client.callTool("progress", {}, { onProgress: (p) => other.push(p) }),
      ]);
      assert.equal(textOf(result), "done");
      assert.deepEqual(
        seen,
        [1, 2, 3].map((i) => ({ progress: i, total: 3, message: `step ${i}` })),
      );
      assert.equal(other.length, 3);
      await close();
    });

    test("receives logs at the level it asked for, and can change it", async () => {
      const logs: LogMessage[] = [];
      const { client, close } = await open({ logLevel: "info", onLog: (m) => logs.push(m) });
      assert.equal(textOf(await client.callTool("logs")), "logged");
      await eventually(() => (logs.length >= 2 ? true : undefined), "two log messages");
      assert.deepEqual(
        logs.map((m) => [m.level, m.data]),
        [
          ["info", "info line"],
          ["error", "error line"],
        ],
      );
      logs.length = 0;
      await client.setLogLevel("error");
      await client.callTool("logs");
      await eventually(() => (logs.length >= 1 ? true : undefined), "one log message");
      await delay(10);
      assert.deepEqual(
        logs.map((m) => m.level),
        ["error"],
      );
      await close();
    });

    test("answers an elicitation from inside a tool", async () => {
      const { client, close, log } = await open();
      assert.deepEqual(client.capabilities, { elicitation: { form: {}, url: {} }, sampling: {}, roots: { listChanged: true } });
      const result = await client.callTool("ask_name");
      assert.equal(textOf(result), "Hello, Ada!");
      assert.equal(log.elicit.length, 1);
      assert.equal(log.elicit[0].ctx.era, era);
      if (era === "modern") assert.equal(typeof log.elicit[0].ctx.key, "string");
      await close();
    });

    test("answers two elicitations in one call without repeating ctx.step work", async () => {
      const { client, close, log } = await open();
      const before = (await stats(client)).stepRuns;
      const result = await client.callTool("two_questions");
      assert.equal(textOf(result), `Ada likes green (step ${before + 1})`);
      assert.deepEqual(
        log.elicit.map((e) => e.message),
        ["Your name?", "Favourite colour?"],
      );
      assert.equal((await stats(client)).stepRuns, before + 1);
      await close();
    });

    test("answers sampling and roots requests", async () => {
      const { client, close, log } = await open();
      assert.equal(textOf(await client.callTool("ask_model")), "Model said: Paris (test-model)");
      assert.equal(textOf(await client.callTool("list_roots")), "file:///work/a,file:///work/b");
      assert.equal(log.sample, 1);
      assert.equal(log.roots, 1);
      await close();
    });

    test("fails clearly when the server asks for input it has no handler for", async () => {
      const { client, close } = await connect({ era, capabilities: { elicitation: { form: {} } } });
      await assert.rejects(
        client.callTool("ask_name"),
        (error: unknown) => error instanceof McpError && error.code === -32601 && /onElicit/.test(error.message),
      );
      await close();
    });

    test("cancels a call when its signal aborts", async () => {
      const { client, close } = await open();
      const before = (await stats(client)).cancelled;
      const controller = new AbortController();
      const call = client.callTool("wait_for_cancel", {}, { signal: controller.signal });
      await delay(30);
      controller.abort(new Error("user gave up"));
      await assert.rejects(call, /user gave up/);
      await eventually(async () => ((await stats(client)).cancelled === before + 1 ? true : undefined), "the server to see the cancel");
      await close();
    });

    test("times a call out, and tells the server", async () => {
      const { client, close } = await open();
      const before = (await stats(client)).cancelled;
      await assert.rejects(
        client.callTool("wait_for_cancel", {}, { timeoutMs: 50 }),
        (error: unknown) => error instanceof McpError && error.code === -32001 && /timed out after 50 ms/.test(error.message),
      );
      await eventually(async () => ((await stats(client)).cancelled === before + 1 ? true : undefined), "the server to see the cancel");
      await close();
    });

    test("reports protocol errors as McpError and tool failures as isError results", async () => {
      const { client, close } = await open();
      await assert.rejects(
        client.callTool("no_such_tool"),
        (error: unknown) => error instanceof McpError && error.code === -32602 && /no_such_tool/.test(error.message),
      );
      const failed = await client.callTool("fail");
      assert.equal(failed.isError, true);
      assert.equal(textOf(failed), "boom");
      const invalid = await client.callTool("add", { a: "x", b: 1 });
      assert.equal(invalid.isError, true);
      await close();
    });

    test("closing rejects what is still pending", async () => {
      const { client, close } = await open();
      const call = client.callTool("wait_for_cancel");
      await delay(20);
      await client.close();
      await assert.rejects(call, (error: unknown) => error instanceof McpError && error.code === -32000);
      await client.closed;
      await assert.rejects(client.listTools(), (error: unknown) => error instanceof McpError && error.code === -32000);
      await close();
    });

    if (era === "modern") {
      test("listens for list changes and resource updates", async () => {
        const { client, close } = await open();
        const seen: ServerNotification[] = [];
        const handle = client.listen({ toolsListChanged: true, resourceSubscriptions: ["test://watched"] }, (n) => seen.push(n));
        assert.deepEqual(await handle.acknowledged, { toolsListChanged: true, resourceSubscriptions: ["test://watched"] });
        await client.callTool("add_dynamic_tool");
        await client.callTool("touch");
        await eventually(() => (seen.length >= 2 ? true : undefined), "two notifications");
        assert.deepEqual(seen.map((n) => n.method).sort(), ["notifications/resources/updated", "notifications/tools/list_changed"]);
        for (const n of seen)
          assert.equal((n.params?._meta as Record<string, unknown>)["io.modelcontextprotocol/subscriptionId"], handle.id);
        await handle.close();
        await handle.ended;
        seen.length = 0;
        await client.callTool("add_dynamic_tool");
        await delay(30);
        assert.deepEqual(seen, []);
        await assert.rejects(
          client.subscribeResource("test://watched"),
          (error: unknown) => error instanceof McpError && error.code === -32601,
        );
        await close();
      });
    } else {
      test("subscribes to resources and hears list changes", async () => {
        const seen: ServerNotification[] = [];
        const { client, close } = await open({ onNotification: (n) => seen.push(n) });
        await client.subscribeResource("test://watched");
        await client.callTool("touch");
        await eventually(() => seen.find((n) => n.method === "notifications/resources/updated"), "a resource update");
        assert.deepEqual(seen.find((n) => n.method === "notifications/resources/updated")?.params, { uri: "test://watched" });
        await client.unsubscribeResource("test://watched");
        await client.callTool("add_dynamic_tool");
        await eventually(() => seen.find((n) => n.method === "notifications/tools/list_changed"), "a list change");
        seen.length = 0;
        await client.callTool("touch");
        await delay(30);
        assert.deepEqual(seen, []);
        assert.throws(
          () => client.listen({ toolsListChanged: true }, () => {}),
          (error: unknown) => error instanceof McpError && error.code === -32601,
        );
        await close();
      });
    }
  });
}
