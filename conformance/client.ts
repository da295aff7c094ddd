/**
 * The client under test of the official MCP conformance suite, written with mcpkit's public
 * client API only, as a user would. The suite starts it once per scenario:
 *
 *   node --import tsx conformance/client.ts <server URL>
 *
 * with MCP_CONFORMANCE_SCENARIO (the scenario's name), MCP_CONFORMANCE_PROTOCOL_VERSION (the
 * revision: 2026-07-28 means the stateless era, anything older the session era) and, for some,
 * MCP_CONFORMANCE_CONTEXT (JSON: pre-registered credentials, the tool calls to make).
 *
 * Every scenario gets the same behaviour: connect (signing in when the server asks), list the
 * tools, call the ones the context names or else the first, and close. Sign-in follows the
 * authorization server's redirect without a browser, as a headless user agent would.
 */
import {
  Client,
  HttpClientTransport,
  OAuthClient,
  type ElicitRequestParams,
  type OAuthClientOptions,
  type Tool,
} from "../src/client/index.ts"; // mcpkit/client

const REDIRECT_URL = "http://localhost:3000/callback";
const CLIENT_METADATA_URL = "https://conformance-test.local/client-metadata.json";

interface ToolCall {
  name: string;
  arguments?: Record<string, unknown>;
}
interface Context {
  client_id?: string;
  client_secret?: string;
  toolCalls?: ToolCall[];
  [key: string]: unknown;
}

const serverUrl = process.argv[2];
if (!serverUrl) {
  console.error("usage: conformance/client.ts <server URL>");
  process.exit(2);
}
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? "";
const version = process.env.MCP_CONFORMANCE_PROTOCOL_VERSION;
const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? "{}") as Context;
const log = (...parts: unknown[]) => console.error(`[${scenario}]`, ...parts);

/** The authorization endpoint answers with a redirect to our redirect URL: read it instead of a browser. */
async function followRedirect(authorizationUrl: URL): Promise<string> {
  const res = await fetch(authorizationUrl, { redirect: "manual" });
  await res.body?.cancel();
  const location = res.headers.get("location");
  if (!location) throw new Error(`The authorization endpoint answered HTTP ${res.status} without a redirect`);
  return new URL(location, authorizationUrl).href;
}

function oauthOptions(): OAuthClientOptions {
  return {
    redirectUrl: REDIRECT_URL,
    authorize: followRedirect,
    clientMetadataUrl: CLIENT_METADATA_URL,
    clientMetadata: { client_name: "mcpkit conformance client" },
    ...(context.client_id ? { clientId: context.client_id } : {}),
    ...(context.client_secret ? { clientSecret: context.client_secret } : {}),
  };
}

/** Elicitation: accept, with the schema's defaults filled in (SEP-1034). */
function acceptWithDefaults(params: ElicitRequestParams) {
  const content: Record<string, unknown> = {};
  const schema = (params as { requestedSchema?: { properties?: Record<string, { default?: unknown }> } }).requestedSchema;
  for (const [name, property] of Object.entries(schema?.properties ?? {})) {
    if (property && "default" in property) content[name] = property.default;
  }
  return { action: "accept" as const, content };
}

/** One call's outcome on stderr; a failing call does not end the run (some scenarios expect refusals). */
async function attempt(what: string, work: () => Promise<unknown>): Promise<void> {
  try {
    log(`${what}: ${JSON.stringify(await work()).slice(0, 300)}`);
  } catch (error) {
    log(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Arguments a tool accepts: its required ones, filled by type. */
function argumentsFor(tool: Tool, tools: Tool[]): Record<string, unknown> {
  // The JSON Schema echo tool takes another tool's schema and sends it back unchanged.
  if (tool.name === "json_schema_echo") {
    const other = tools.find((candidate) => candidate.name !== tool.name);
    return { schema: other?.inputSchema ?? { type: "object" } };
  }
  const args: Record<string, unknown> = {};
  const schema = tool.inputSchema as { properties?: Record<string, { type?: string }>; required?: string[] };
  for (const name of schema.required ?? []) {
    const type = schema.properties?.[name]?.type;
    args[name] =
      type === "number" || type === "integer" ? 1 : type === "boolean" ? true : type === "object" ? {} : type === "array" ? [] : "test";
  }
  return args;
}

async function main(): Promise<void> {
  const auth = new OAuthClient(oauthOptions());
  const transport = new HttpClientTransport(serverUrl, { auth });
  const client = new Client(
    { name: "mcpkit-conformance-client", version: "1.0.0" },
    {
      era: version === "2026-07-28" ? "modern" : version ? "legacy" : "auto",
      onElicit: acceptWithDefaults,
      onSample: () => ({ role: "assistant", content: { type: "text", text: "A sampled answer" }, model: "mcpkit-test" }),
      onRoots: () => [{ uri: "file:///tmp", name: "tmp" }],
    },
  );
  await client.connect(transport);
  log(`connected: ${client.era} era, protocol ${client.protocolVersion}`);
  const capabilities = client.serverCapabilities ?? {};
  const tools = await client.listAllTools();
  log(`tools: ${tools.map((tool) => tool.name).join(", ") || "(none)"}`);
  const calls: ToolCall[] = context.toolCalls ?? tools.map((tool) => ({ name: tool.name, arguments: argumentsFor(tool, tools) }));
  for (const call of calls) {
    await attempt(`tools/call ${call.name}`, () => client.callTool(call.name, call.arguments ?? {}));
  }
  if (capabilities.resources) {
    for (const resource of await client.listAllResources()) {
      await attempt(`resources/read ${resource.uri}`, () => client.readResource(resource.uri));
    }
  }
  if (capabilities.prompts) {
    for (const prompt of await client.listAllPrompts()) {
      await attempt(`prompts/get ${prompt.name}`, () => client.getPrompt(prompt.name, {}));
    }
  }
  await client.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
