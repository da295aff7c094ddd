/** mcpkit/client: connect to any MCP server, of either protocol era. */
export { Client } from "./client.ts";
export { ListenHandle } from "./listen.ts";
export { StdioClientTransport } from "./stdio-transport.ts";
export type { StdioClientTransportOptions } from "./stdio-transport.ts";
export { HttpClientTransport } from "./http-transport.ts";
export type { HttpClientTransportOptions } from "./http-transport.ts";
export { SseClientTransport, type SseClientTransportOptions } from "./sse-transport.ts";
export type { HttpAuthorizer } from "./http-auth.ts";
export * from "./oauth/index.ts";
export { MemoryTransport } from "../transports/memory.ts";
export { McpError, ErrorCode } from "../protocol/errors.ts";
export type { MessageTransport } from "../protocol/transport.ts";
export type {
  ClientOptions,
  CompletionReference,
  CompletionResult,
  ElicitHandler,
  InputContext,
  ListenFilter,
  ListPromptsResult,
  ListResourcesResult,
  ListResourceTemplatesResult,
  ListToolsResult,
  LogHandler,
  LogMessage,
  NotificationHandler,
  Progress,
  ProgressHandler,
  PromptResult,
  ReadResourceResult,
  RequestOptions,
  ResultExtras,
  RootsHandler,
  SampleHandler,
  ServerDescription,
  ServerNotification,
  ToolCallResult,
} from "./types.ts";
export type {
  ClientCapabilities,
  CreateMessageRequestParams,
  CreateMessageResult,
  ElicitRequestParams,
  ElicitResult,
  Implementation,
  LoggingLevel,
  Root,
  ServerCapabilities,
  Tool,
} from "../protocol/types.ts";
export type { Era } from "../protocol/versions.ts";
