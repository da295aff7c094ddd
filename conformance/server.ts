/**
 * The fixture server of the official MCP conformance suite (@modelcontextprotocol/conformance),
 * written with mcpkit's public API only. One definition serves both protocol eras: 2026-07-28
 * (stateless; client input arrives in `input_required` rounds) and 2025-11-25 (sessions; the
 * server sends real requests to the client). The handlers do not care which era is calling.
 *
 *   node --import tsx conformance/server.ts --transport http --port 3000
 */
import { z } from "zod";
import {
  McpServer,
  ToolError,
  audio,
  embedded,
  image,
  text,
  type ComponentHandle,
  type InputRequest,
  type JsonSchemaObject,
} from "../src/index.ts";
import { closeSseStream } from "../src/transports/http/index.ts"; // mcpkit/http

// A 1x1 PNG and a WAV of eight silent 8 kHz samples; image() and audio() tell their types from the bytes.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
const WAV = Buffer.from("UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQgAAACAgICAgICAgA==", "base64");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The text of a sampling answer. */
const textOf = ({ content }: { content?: unknown }) => {
  const block = (Array.isArray(content) ? content[0] : content) as { type?: string; text?: string } | undefined;
  return block?.type === "text" ? String(block.text) : `(${block?.type ?? "no"} content)`;
};

const mcp = new McpServer({ name: "mcpkit-conformance", version: "1.0.0", instructions: "Fixture server for the MCP conformance suite." });

// ---------------------------------------------------------------------------------------
// Content. `test_simple_text` stays first: header scenarios call the first tool with {}.

mcp.tool("test_simple_text", { description: "Returns a simple text block" }, () => "This is a simple text response for testing.");

mcp.tool("test_image_content", { description: "Returns a PNG image" }, () => image(PNG));

mcp.tool("test_audio_content", { description: "Returns a WAV audio clip" }, () => audio(WAV));

mcp.tool("test_embedded_resource", { description: "Returns an embedded text resource" }, () =>
  embedded("test://embedded-resource", "This is an embedded resource content.", "text/plain"),
);

mcp.tool("test_multiple_content_types", { description: "Returns text, an image and an embedded resource" }, () => [
  text("Multiple content types test:"),
  image(PNG),
  embedded("test://mixed-content-resource", JSON.stringify({ test: "data", value: 123 }), "application/json"),
]);

mcp.tool("test_error_handling", { description: "Always fails with a tool error (isError: true)" }, () => {
  throw new ToolError("This tool intentionally returns an error for testing");
});

// ---------------------------------------------------------------------------------------
// Progress and logging. Both reach the client only when it asked: a progressToken, a log level.

mcp.tool("test_tool_with_progress", { description: "Reports progress 0, 50 and 100 of 100" }, async (_args, ctx) => {
  for (const done of [0, 50, 100]) {
    ctx.progress(done, 100, `${done}% done`);
    await sleep(50);
  }
  return "Progress reported: 0, 50, 100 of 100";
});

mcp.tool("test_tool_with_logging", { description: "Logs three info messages while it runs" }, async (_args, ctx) => {
  for (const message of ["Tool execution started", "Tool processing data", "Tool execution completed"]) {
    ctx.log.info(message);
    await sleep(50);
  }
  return "Logged three messages";
});

mcp.tool("test_logging_tool", { description: "Logs only if the request's _meta sets a log level" }, (_args, ctx) => {
  ctx.log.info("test_logging_tool ran");
  return "Done; a log message went out only if this request asked for a log level";
});

// ---------------------------------------------------------------------------------------
// Asking the client. On a 2025-11-25 session these become server-to-client requests; on
// 2026-07-28 the first round answers `input_required` and the client retries with the answers.

mcp.tool(
  "test_sampling",
  {
    description: "Asks the client's model to answer a prompt",
    input: { prompt: z.string().describe("The prompt to send to the model") },
  },
  async ({ prompt }, ctx) => `LLM response: ${textOf(await ctx.sample(prompt, { maxTokens: 100 }))}`,
);

mcp.tool(
  "test_elicitation",
  {
    description: "Asks the user for a username and an email address",
    input: { message: z.string().describe("The message shown to the user") },
  },
  async ({ message }, ctx) => {
    const answer = await ctx.elicit(message, {
      username: z.string().describe("User's response"),
      email: z.string().describe("User's email address"),
    });
    return `User response: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
  },
);

// Raw JSON Schema keeps every keyword exactly as written (defaults, titled and legacy enums).
const defaultsSchema = {
  type: "object",
  properties: {
    name: { type: "string", default: "John Doe" },
    age: { type: "integer", default: 30 },
    score: { type: "number", default: 95.5 },
    status: { type: "string", enum: ["active", "inactive", "pending"], default: "active" },
    verified: { type: "boolean", default: true },
  },
} satisfies JsonSchemaObject;

mcp.tool(
  "test_elicitation_sep1034_defaults",
  { description: "Elicits a form whose fields have defaults (SEP-1034)" },
  async (_args, ctx) => {
    const answer = await ctx.elicit("Please review your profile", defaultsSchema);
    return `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
  },
);

const titled = (prefix: string, label: string) =>
  ["First", "Second", "Third"].map((ordinal, i) => ({ const: `${prefix}${i + 1}`, title: `${ordinal} ${label}` }));
const enumsSchema = {
  type: "object",
  properties: {
    untitledSingle: { type: "string", enum: ["option1", "option2", "option3"] },
    titledSingle: { type: "string", oneOf: titled("value", "Option") },
    legacyEnum: { type: "string", enum: ["opt1", "opt2", "opt3"], enumNames: ["Option One", "Option Two", "Option Three"] },
    untitledMulti: { type: "array", items: { type: "string", enum: ["option1", "option2", "option3"] } },
    titledMulti: { type: "array", items: { anyOf: titled("value", "Choice") } },
  },
} satisfies JsonSchemaObject;

mcp.tool(
  "test_elicitation_sep1330_enums",
  { description: "Elicits single- and multi-select enums, titled and untitled (SEP-1330)" },
  async (_args, ctx) => {
    const answer = await ctx.elicit("Please pick some options", enumsSchema);
    return `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
  },
);

mcp.tool(
  "test_missing_capability",
  { description: "Needs the client's sampling capability (-32021 without it)" },
  async (_args, ctx) => `The model said: ${textOf(await ctx.sample("Say hello in one word.", { maxTokens: 20 }))}`,
);

mcp.tool(
  "test_streaming_elicitation",
  { description: "Asks the user to confirm; never sends a request on a 2026 stream" },
  async (_args, ctx) => {
    const answer = await ctx.elicit("Continue?", { ok: z.boolean() });
    return answer.action === "accept" && answer.content.ok ? "Confirmed" : `Not confirmed (${answer.action})`;
  },
);

// ---------------------------------------------------------------------------------------
// Multi-round input (2026-07-28 SEP-2322). `key` names the input request; the handler runs
// again on every round, and answers from earlier rounds ride in the signed requestState.

const askName = "What is your name?";
const nameForm = { type: "object", properties: { name: { type: "string" } }, required: ["name"] };

mcp.tool("test_input_required_result_elicitation", { description: "Asks for the user's name, then greets them" }, async (_args, ctx) => {
  const answer = await ctx.elicit(askName, { name: z.string() }, { key: "user_name" });
  return answer.action === "accept" ? `Hello, ${answer.content.name}!` : `No name given (${answer.action})`;
});

mcp.tool("test_input_required_result_sampling", { description: "Asks the client's model a question" }, async (_args, ctx) => {
  const reply = await ctx.sample("What is the capital of France?", { key: "capital_question", maxTokens: 100 });
  return `The model answered: ${textOf(reply)}`;
});

mcp.tool("test_input_required_result_list_roots", { description: "Lists the client's roots" }, async (_args, ctx) => {
  const roots = await ctx.roots({ key: "client_roots" });
  return `Client roots: ${roots.map((root) => (root.name ? `${root.name} (${root.uri})` : root.uri)).join(", ") || "none"}`;
});

mcp.tool("test_input_required_result_request_state", { description: "Keeps state across rounds in requestState" }, async (_args, ctx) => {
  // Runs once: later rounds read the value back from requestState.
  const startedAt = await ctx.step("started_at", () => new Date().toISOString());
  const answer = await ctx.elicit("Please confirm", { ok: z.boolean() }, { key: "confirm" });
  const confirmed = answer.action === "accept" && answer.content.ok;
  return `state-ok: ${confirmed ? "confirmed" : "not confirmed"}, request started at ${startedAt}`;
});

mcp.tool(
  "test_input_required_result_multiple_inputs",
  { description: "Asks for a name, a greeting and the roots in one round" },
  async (_args, ctx) => {
    const answers = await ctx.inputs({
      user_name: { method: "elicitation/create", params: { message: askName, requestedSchema: nameForm } },
      greeting: {
        method: "sampling/createMessage",
        params: { messages: [{ role: "user", content: text("Generate a greeting") }], maxTokens: 50 },
      },
      client_roots: { method: "roots/list", params: {} },
    });
    const name = (answers.user_name.content as { name?: string } | undefined)?.name ?? "stranger";
    const roots = (answers.client_roots.roots as { uri: string }[] | undefined) ?? [];
    return `${textOf(answers.greeting)} ${name}; roots: ${roots.map((r) => r.uri).join(", ")}`;
  },
);

mcp.tool(
  "test_input_required_result_multi_round",
  { description: "Asks for a name, then a favourite colour, in two rounds" },
  async (_args, ctx) => {
    const name = await ctx.elicit("Step 1: What is your name?", { name: z.string() }, { key: "step1" });
    if (name.action !== "accept") return `Stopped at step 1 (${name.action})`;
    const color = await ctx.elicit("Step 2: What is your favorite color?", { color: z.string() }, { key: "step2" });
    if (color.action !== "accept") return `Stopped at step 2 (${color.action})`;
    return `${name.content.name}'s favorite color is ${color.content.color}`;
  },
);

mcp.tool(
  "test_input_required_result_tampered_state",
  { description: "Rejects a requestState that fails its signature check" },
  async (_args, ctx) => {
    const answer = await ctx.elicit("Please confirm", { ok: z.boolean() }, { key: "confirm" });
    return answer.action === "accept" && answer.content.ok ? "Confirmed with an intact requestState" : "Not confirmed";
  },
);

mcp.tool(
  "test_input_required_result_capabilities",
  { description: "Asks only for what the client's capabilities allow" },
  async (_args, ctx) => {
    const wanted: Record<string, InputRequest> = {};
    if (ctx.hasCapability("elicitation")) {
      wanted.user_name = { method: "elicitation/create", params: { message: askName, requestedSchema: nameForm } };
    }
    if (ctx.hasCapability("sampling")) {
      wanted.summary = {
        method: "sampling/createMessage",
        params: { messages: [{ role: "user", content: text("Summarise MCP in one line.") }], maxTokens: 50 },
      };
    }
    if (Object.keys(wanted).length === 0) return "The client declared neither elicitation nor sampling; nothing to ask";
    const answers = await ctx.inputs(wanted);
    return `Answered: ${Object.keys(answers).join(", ")}`;
  },
);

// ---------------------------------------------------------------------------------------
// Schemas and HTTP headers.

mcp.tool(
  "json_schema_2020_12_tool",
  {
    description: "Tool with JSON Schema 2020-12 features",
    // A raw JSON Schema is published byte for byte and validated as 2020-12.
    input: {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      $defs: {
        address: { $anchor: "addressDef", type: "object", properties: { street: { type: "string" }, city: { type: "string" } } },
      },
      properties: {
        name: { type: "string" },
        address: { $ref: "#/$defs/address" },
        contactMethod: { type: "string", enum: ["phone", "email"] },
        phone: { type: "string" },
        email: { type: "string" },
      },
      allOf: [{ anyOf: [{ required: ["phone"] }, { required: ["email"] }] }],
      if: { properties: { contactMethod: { const: "phone" } }, required: ["contactMethod"] },
      then: { required: ["phone"] },
      else: { required: ["email"] },
      additionalProperties: false,
    },
  },
  (args) => args,
);

mcp.tool(
  "test_custom_header",
  {
    description: "Mirrors its region argument into the Mcp-Param-Region header (SEP-2243)",
    input: {
      type: "object",
      properties: { region: { type: "string", description: "Region to report", "x-mcp-header": "Region" } },
      required: ["region"],
    },
  },
  (args) => `Region: ${String(args.region)}`,
);

// ---------------------------------------------------------------------------------------
// Notifications and transports.

// Disabling and re-enabling a component announces a list change without changing the list.
const announceChange = (handle: ComponentHandle) => {
  handle.disable();
  handle.enable();
};

const toolChange: ComponentHandle = mcp.tool(
  "test_trigger_tool_change",
  { description: "Announces a tools list change to listening clients" },
  () => {
    announceChange(toolChange);
    return "Announced notifications/tools/list_changed";
  },
);

mcp.tool("test_trigger_prompt_change", { description: "Announces a prompts list change to listening clients" }, () => {
  announceChange(simplePrompt);
  return "Announced notifications/prompts/list_changed";
});

mcp.tool("test_reconnection", { description: "Ends its SSE stream early; the client resumes it to get the result" }, async (_args, ctx) => {
  // SSE polling (2025-11-25 sessions): the client reconnects with GET + Last-Event-ID.
  closeSseStream(ctx);
  await sleep(100);
  return "Reconnection test complete";
});

// ---------------------------------------------------------------------------------------
// Resources. `test://static-text` comes first: it is the one the caching scenario reads.

mcp.resource(
  "test://static-text",
  { name: "Static text", description: "A static text resource", mimeType: "text/plain" },
  () => "This is the content of the static text resource.",
);

mcp.resource("test://static-binary", { name: "Static binary", description: "A static PNG image", mimeType: "image/png" }, () => PNG);

mcp.resource(
  "test://watched-resource",
  { name: "Watched resource", description: "A resource clients can subscribe to", mimeType: "text/plain" },
  () => "This resource can be watched for updates.",
);

mcp.resource(
  "test://template/{id}/data",
  { name: "Template data", description: "JSON data for any id", mimeType: "application/json" },
  ({ id }) => ({ id, templateTest: true, data: `Data for ID: ${id}` }),
);

// ---------------------------------------------------------------------------------------
// Prompts.

const simplePrompt = mcp.prompt(
  "test_simple_prompt",
  { description: "A prompt without arguments" },
  () => "This is a simple prompt for testing.",
);

mcp.prompt(
  "test_prompt_with_arguments",
  {
    description: "A prompt with two required arguments",
    args: { arg1: z.string().describe("First argument"), arg2: z.string().describe("Second argument") },
    complete: { arg1: (value) => ["alpha", "beta", "gamma"].filter((v) => v.startsWith(value)) },
  },
  ({ arg1, arg2 }) => `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`,
);

mcp.prompt(
  "test_prompt_with_embedded_resource",
  {
    description: "A prompt that embeds a resource",
    args: { resourceUri: z.string().describe("URI of the resource to embed") },
  },
  ({ resourceUri }) => [
    embedded(resourceUri, "Embedded resource content for testing.", "text/plain"),
    "Please process the embedded resource above.",
  ],
);

mcp.prompt("test_prompt_with_image", { description: "A prompt with an image" }, () => [image(PNG), "Please analyze the image above."]);

mcp.prompt("test_input_required_result_prompt", { description: "Asks the user for context before rendering" }, async (_args, ctx) => {
  const answer = await ctx.elicit("What context should the prompt use?", { context: z.string() }, { key: "user_context" });
  return `Prompt with context: ${answer.action === "accept" ? answer.content.context : "(none)"}`;
});

export default mcp;

// Serves when started as a program; the unit tests import `mcp` and connect in memory.
if (process.argv[1] === import.meta.filename) await mcp.run();
