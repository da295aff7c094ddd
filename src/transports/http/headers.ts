/**
 * 2026-07-28 request metadata headers (SEP-2243): `Mcp-Method`, `Mcp-Name` and the
 * `Mcp-Param-*` mirrors of `x-mcp-header` tool arguments must match the body, so that a
 * proxy routing on a header and the server acting on the body agree. Names are
 * case-insensitive (callers pass lower-case names), values case-sensitive.
 */
import { own } from "../../protocol/own.ts";
import type { JsonRpcRequest } from "../../protocol/jsonrpc.ts";
import type { JsonSchemaObject } from "../../schema/types.ts";

/** Anything that looks a request header up by lower-case name (an exchange). */
export interface HeaderSource {
  header(name: string): string | undefined;
}
/** The input schema of a tool by name, if the server has one (later, when a remote provider has the tool). */
export type ToolSchemaLookup = (name: string) => JsonSchemaObject | undefined | Promise<JsonSchemaObject | undefined>;

const NAMED_METHODS: Record<string, "name" | "uri"> = { "tools/call": "name", "prompts/get": "name", "resources/read": "uri" };
// Visible ASCII, space and tab (RFC 9110 field values without obs-text).
const PLAIN_VALUE = /^[\x20-\x7E\t]*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A header value as the client meant it: trimmed, and decoded when it uses the
 * `=?base64?…?=` sentinel. Undefined when it holds invalid characters or bad base64.
 */
export function decodeHeaderValue(raw: string): string | undefined {
  const value = raw.trim();
  if (!PLAIN_VALUE.test(value)) return undefined;
  if (!(value.length >= 11 && value.startsWith("=?base64?") && value.endsWith("?="))) return value;
  const encoded = value.slice(9, -2);
  if (encoded.length % 4 !== 0 || !BASE64.test(encoded)) return undefined;
  try {
    const binary = atob(encoded);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** One `x-mcp-header` argument of a tool: where it sits in the arguments and which header mirrors it. */
interface MirroredParam {
  header: string;
  displayName: string;
  path: string[];
}

const mirroredByTool = new WeakMap<object, MirroredParam[]>();

/** The `x-mcp-header` arguments of an input schema, reached through `properties` chains only (cached per schema). */
export function mirroredParams(schema: JsonSchemaObject): MirroredParam[] {
  let params = mirroredByTool.get(schema);
  if (!params) mirroredByTool.set(schema, (params = collect(schema, [], [])));
  return params;
}

function collect(schema: JsonSchemaObject, path: string[], out: MirroredParam[]): MirroredParam[] {
  const properties = schema.properties;
  if (typeof properties !== "object" || properties === null) return out;
  for (const [key, value] of Object.entries(properties as Record<string, unknown>)) {
    if (typeof value !== "object" || value === null) continue;
    const property = value as JsonSchemaObject;
    const name = property["x-mcp-header"];
    if (typeof name === "string" && name !== "")
      out.push({ header: `mcp-param-${name.toLowerCase()}`, displayName: `Mcp-Param-${name}`, path: [...path, key] });
    collect(property, [...path, key], out);
  }
  return out;
}

/** Checks the metadata headers of a modern request; returns what is wrong, or undefined. */
export function checkMetadataHeaders(
  request: JsonRpcRequest,
  headers: HeaderSource,
  toolSchema: ToolSchemaLookup,
): string | undefined | Promise<string | undefined> {
  const method = headers.header("mcp-method");
  if (method === undefined) return `Missing Mcp-Method header: expected "${request.method}"`;
  if (method.trim() !== request.method) return `Mcp-Method header "${method.trim()}" does not match the body method "${request.method}"`;
  const field = own(NAMED_METHODS, request.method);
  if (!field) return undefined;
  const target = request.params?.[field];
  // A missing name is the body's fault: the method answers it with -32602.
  if (typeof target !== "string") return undefined;
  const rawName = headers.header("mcp-name");
  if (rawName === undefined) return `Missing Mcp-Name header: expected the ${field} "${target}"`;
  const name = decodeHeaderValue(rawName);
  if (name === undefined) return "Mcp-Name header holds invalid characters or malformed base64";
  if (name !== target) return `Mcp-Name header "${name}" does not match the body ${field} "${target}"`;
  if (request.method !== "tools/call") return undefined;
  const check = (schema: JsonSchemaObject | undefined) =>
    schema ? checkMirroredParams(mirroredParams(schema), request.params?.arguments, headers) : undefined;
  const schema = toolSchema(target);
  return schema instanceof Promise ? schema.then(check) : check(schema);
}

function checkMirroredParams(params: MirroredParam[], args: unknown, headers: HeaderSource): string | undefined {
  for (const param of params) {
    const value = valueAt(args, param.path);
    const raw = headers.header(param.header);
    if (value === undefined || value === null) {
      if (raw !== undefined) return `${param.displayName} header is set but the argument ${param.path.join(".")} is absent`;
      continue;
    }
    if (raw === undefined) return `Missing ${param.displayName} header for argument ${param.path.join(".")}`;
    const decoded = decodeHeaderValue(raw);
    if (decoded === undefined) return `${param.displayName} header holds invalid characters or malformed base64`;
    if (!sameValue(decoded, value)) return `${param.displayName} header does not match the argument ${param.path.join(".")}`;
  }
  return undefined;
}

function valueAt(root: unknown, path: string[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    value = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

/** Strings compare exactly, numbers numerically ("42.0" equals 42), booleans as "true"/"false". */
function sameValue(header: string, value: unknown): boolean {
  switch (typeof value) {
    case "string":
      return header === value;
    case "boolean":
      return header === String(value);
    case "number":
      return header.trim() !== "" && Number(header) === value;
    default:
      return false;
  }
}
