/**
 * The 2026-07-28 request metadata headers a client must send next to the body:
 * `MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`, and `Mcp-Param-*` mirrors of tool
 * arguments whose schema property carries `x-mcp-header`. The client learns those
 * schemas by watching `tools/list` results go by.
 */
import { isPlainObject, type JsonRpcRequest } from "../protocol/jsonrpc.ts";
import { MetaKey } from "../protocol/versions.ts";

const NAMED_METHODS: Record<string, "name" | "uri"> = { "tools/call": "name", "prompts/get": "name", "resources/read": "uri" };
// What travels as is: visible ASCII and inner spaces. Anything else (non-ASCII, control
// characters, edge whitespace a server would trim, or text that looks like the sentinel) is base64.
const PLAIN = /^[\x21-\x7E]([\x20-\x7E]*[\x21-\x7E])?$/;

/** A header value the server decodes back to exactly `value`. */
export function encodeHeaderValue(value: string): string {
  if (value === "" || (PLAIN.test(value) && !value.startsWith("=?base64?"))) return value;
  const bytes = new TextEncoder().encode(value);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `=?base64?${btoa(binary)}?=`;
}

/** The protocol version a modern request names in its `_meta`, if it is one. */
export function modernVersionOf(params: unknown): string | undefined {
  if (!isPlainObject(params) || !isPlainObject(params._meta)) return undefined;
  const version = params._meta[MetaKey.protocolVersion];
  return typeof version === "string" ? version : undefined;
}

interface Mirror {
  header: string;
  path: string[];
}

/** Tool name → the arguments mirrored into headers, learnt from `tools/list` results. */
export class ToolHeaderMap {
  private readonly tools = new Map<string, Mirror[]>();

  /** Records the `x-mcp-header` properties of every tool in a `tools/list` result. */
  learn(result: unknown): void {
    if (!isPlainObject(result) || !Array.isArray(result.tools)) return;
    for (const tool of result.tools) {
      if (!isPlainObject(tool) || typeof tool.name !== "string") continue;
      const mirrors = isPlainObject(tool.inputSchema) ? collect(tool.inputSchema, [], []) : [];
      if (mirrors.length > 0) this.tools.set(tool.name, mirrors);
      else this.tools.delete(tool.name);
    }
  }

  /** Every header a modern request needs, given its protocol version. */
  headersFor(request: JsonRpcRequest, version: string): Record<string, string> {
    const headers: Record<string, string> = { "mcp-protocol-version": version, "mcp-method": request.method };
    const field = NAMED_METHODS[request.method];
    const target = field ? request.params?.[field] : undefined;
    if (typeof target !== "string") return headers;
    headers["mcp-name"] = encodeHeaderValue(target);
    if (request.method !== "tools/call") return headers;
    for (const mirror of this.tools.get(target) ?? []) {
      const value = valueAt(request.params?.arguments, mirror.path);
      if (typeof value === "string") headers[mirror.header] = encodeHeaderValue(value);
      else if (typeof value === "number" || typeof value === "boolean") headers[mirror.header] = String(value);
    }
    return headers;
  }
}

function collect(schema: Record<string, unknown>, path: string[], out: Mirror[]): Mirror[] {
  if (!isPlainObject(schema.properties)) return out;
  for (const [key, property] of Object.entries(schema.properties)) {
    if (!isPlainObject(property)) continue;
    const name = property["x-mcp-header"];
    if (typeof name === "string" && name !== "") out.push({ header: `mcp-param-${name.toLowerCase()}`, path: [...path, key] });
    collect(property, [...path, key], out);
  }
  return out;
}

function valueAt(root: unknown, path: string[]): unknown {
  let value = root;
  for (const key of path) {
    if (!isPlainObject(value)) return undefined;
    value = value[key];
  }
  return value;
}
