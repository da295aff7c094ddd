/**
 * Content helpers for handlers, and the conversion of whatever a handler returns into
 * the MCP result shape (the way FastMCP converts Python return values).
 */
import type {
  AudioContent,
  CallToolResult,
  ContentBlock,
  EmbeddedResource,
  ImageContent,
  ResourceContents,
  ResourceLink,
  TextContent,
  Annotations,
  PromptMessage,
  Role,
} from "../protocol/types.ts";

export type BinaryData = Uint8Array | ArrayBuffer | string;

/** Base64 text for binary data; a string is taken to be base64 already. */
export function toBase64(data: BinaryData): string {
  if (typeof data === "string") return data;
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** Guesses an image or audio mime type from its first bytes, for helpers called without one. */
export function sniffMimeType(data: BinaryData): string | undefined {
  if (typeof data === "string") return undefined;
  const b = data instanceof ArrayBuffer ? new Uint8Array(data) : data;
  const starts = (...sig: number[]) => sig.every((v, i) => b[i] === v);
  if (starts(0x89, 0x50, 0x4e, 0x47)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "image/gif";
  if (starts(0x52, 0x49, 0x46, 0x46) && b[8] === 0x57 && b[9] === 0x45) return "image/webp";
  if (starts(0x52, 0x49, 0x46, 0x46) && b[8] === 0x57 && b[9] === 0x41) return "audio/wav";
  if (starts(0x49, 0x44, 0x33) || starts(0xff, 0xfb)) return "audio/mpeg";
  if (starts(0x4f, 0x67, 0x67, 0x53)) return "audio/ogg";
  if (starts(0x66, 0x4c, 0x61, 0x43)) return "audio/flac";
  return undefined;
}

export const text = (value: string, annotations?: Annotations): TextContent =>
  annotations ? { type: "text", text: value, annotations } : { type: "text", text: value };

export function image(data: BinaryData, mimeType?: string, annotations?: Annotations): ImageContent {
  const type = mimeType ?? sniffMimeType(data);
  if (!type) throw new TypeError("image(): pass a mimeType, it could not be guessed from the data");
  return annotations
    ? { type: "image", data: toBase64(data), mimeType: type, annotations }
    : { type: "image", data: toBase64(data), mimeType: type };
}

export function audio(data: BinaryData, mimeType?: string, annotations?: Annotations): AudioContent {
  const type = mimeType ?? sniffMimeType(data);
  if (!type) throw new TypeError("audio(): pass a mimeType, it could not be guessed from the data");
  return annotations
    ? { type: "audio", data: toBase64(data), mimeType: type, annotations }
    : { type: "audio", data: toBase64(data), mimeType: type };
}

/** An embedded resource block: text when given a string, a blob otherwise. */
export function embedded(
  uri: string,
  content: string | Uint8Array | ArrayBuffer,
  mimeType?: string,
  annotations?: Annotations,
): EmbeddedResource {
  const resource: ResourceContents =
    typeof content === "string"
      ? { uri, ...(mimeType ? { mimeType } : {}), text: content }
      : { uri, ...(mimeType ? { mimeType } : {}), blob: toBase64(content) };
  return annotations ? { type: "resource", resource, annotations } : { type: "resource", resource };
}

/** A file as an embedded blob resource. */
export const file = (uri: string, data: Uint8Array | ArrayBuffer, mimeType = "application/octet-stream"): EmbeddedResource =>
  embedded(uri, data, mimeType);

export const resourceLink = (link: Omit<ResourceLink, "type">): ResourceLink => ({ type: "resource_link", ...link });

const CONTENT_TYPES = new Set(["text", "image", "audio", "resource_link", "resource"]);

export function isContentBlock(value: unknown): value is ContentBlock {
  if (typeof value !== "object" || value === null) return false;
  const type = (value as { type?: unknown }).type;
  if (typeof type !== "string" || !CONTENT_TYPES.has(type)) return false;
  const v = value as Record<string, unknown>;
  switch (type) {
    case "text":
      return typeof v.text === "string";
    case "image":
    case "audio":
      return typeof v.data === "string" && typeof v.mimeType === "string";
    case "resource_link":
      return typeof v.uri === "string";
    default:
      return typeof v.resource === "object" && v.resource !== null;
  }
}

const RESULT_KEYS = new Set(["content", "structuredContent", "isError", "_meta"]);

/** A value that is already a complete CallToolResult (returned by handlers that build one). */
function isCallToolResult(value: object): value is CallToolResult {
  const content = (value as { content?: unknown }).content;
  if (!Array.isArray(content) || !content.every(isContentBlock)) return false;
  for (const key in value) if (!RESULT_KEYS.has(key)) return false;
  return true;
}

function toBlock(value: unknown): ContentBlock {
  if (typeof value === "string") return { type: "text", text: value };
  if (isContentBlock(value)) return value;
  return { type: "text", text: serialize(value) };
}

function serialize(value: unknown): string {
  if (value === undefined) return "null";
  if (typeof value === "bigint") return value.toString();
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? "null";
}

/** What a tool returned, as a CallToolResult. */
export function toToolResult(value: unknown): CallToolResult {
  if (value === undefined || value === null) return { content: [] };
  if (typeof value === "string") return { content: [{ type: "text", text: value }] };
  if (typeof value !== "object") return { content: [{ type: "text", text: serialize(value) }] };
  if (Array.isArray(value)) return { content: value.map(toBlock) };
  if (isContentBlock(value)) return { content: [value] };
  if (isCallToolResult(value)) return value;
  if (value instanceof Uint8Array) return { content: [toBlock(value)] };
  // A plain object is structured output, mirrored as JSON text for clients that read only content.
  // No BigInt replacer here: structuredContent is sent as it is, so a BigInt in it must fail
  // now (tools.ts turns the throw into an isError result), not when the answer is written.
  return { content: [{ type: "text", text: JSON.stringify(value) }], structuredContent: value };
}

export type PromptMessageInput = string | PromptMessage | { role: Role; content: string | ContentBlock };

export const user = (content: string | ContentBlock): PromptMessage => ({
  role: "user",
  content: typeof content === "string" ? text(content) : content,
});
export const assistant = (content: string | ContentBlock): PromptMessage => ({
  role: "assistant",
  content: typeof content === "string" ? text(content) : content,
});

/** What a prompt returned (a string, a message, or a list of either), as messages. */
export function toPromptMessages(value: unknown): PromptMessage[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, index) => {
    if (typeof item === "string") return user(item);
    if (isContentBlock(item)) return { role: "user", content: item };
    if (typeof item === "object" && item !== null && "role" in item && "content" in item) {
      const { role, content } = item as { role: unknown; content: unknown };
      if (role !== "user" && role !== "assistant")
        throw new TypeError(`Prompt message ${index} has role ${String(role)}; expected "user" or "assistant"`);
      return { role, content: toBlock(content) };
    }
    throw new TypeError(`Prompt message ${index} must be a string, a content block or {role, content}`);
  });
}

export type ResourceValue =
  | string
  | Uint8Array
  | ArrayBuffer
  | { text: string; mimeType?: string; uri?: string }
  | { blob: string | Uint8Array; mimeType?: string; uri?: string }
  | ResourceContents[];

/** What a resource handler returned, as `contents` for `resources/read`. */
export function toResourceContents(value: unknown, uri: string, mimeType: string | undefined): ResourceContents[] {
  const withType = <T extends object>(entry: T, type: string | undefined) => (type ? { ...entry, mimeType: type } : entry);
  if (typeof value === "string") return [withType({ uri, text: value }, mimeType)];
  if (value instanceof Uint8Array || value instanceof ArrayBuffer)
    return [withType({ uri, blob: toBase64(value) }, mimeType ?? "application/octet-stream")];
  if (Array.isArray(value)) return value.flatMap((v) => toResourceContents(v, uri, mimeType));
  if (typeof value === "object" && value !== null) {
    const v = value as { text?: unknown; blob?: unknown; mimeType?: string; uri?: string; _meta?: Record<string, unknown> };
    const entryUri = v.uri ?? uri;
    const type = v.mimeType ?? mimeType;
    const meta = v._meta ? { _meta: v._meta } : {};
    if (typeof v.text === "string") return [withType({ uri: entryUri, text: v.text, ...meta }, type)];
    if (typeof v.blob === "string" || v.blob instanceof Uint8Array)
      return [withType({ uri: entryUri, blob: toBase64(v.blob), ...meta }, type)];
    // Any other object is served as JSON.
    return [withType({ uri, text: serialize(value) }, mimeType ?? "application/json")];
  }
  if (value === undefined || value === null) throw new TypeError(`The resource handler for ${uri} returned nothing`);
  return [withType({ uri, text: serialize(value) }, mimeType)];
}
