/** Options, handlers and result shapes of the mcpkit client. */
import type {
  ClientCapabilities,
  CompleteResult,
  CreateMessageRequestParams,
  CreateMessageResult,
  ElicitRequestParams,
  ElicitResult,
  GetPromptResult,
  Implementation,
  LoggingLevel,
  Meta,
  Prompt,
  Resource,
  ResourceContents,
  ResourceTemplate,
  Root,
  ServerCapabilities,
  Tool,
  CallToolResult,
} from "../protocol/types.ts";
import type { Era } from "../protocol/versions.ts";

/** What a handler answering a server's request for input knows about it. */
export interface InputContext {
  era: Era;
  /** Aborted when the call it belongs to is cancelled, or (legacy) the server cancels its request. */
  signal: AbortSignal;
  /** Modern era: the key of this request in the server's `inputRequests`. */
  key?: string;
}

export type ElicitHandler = (params: ElicitRequestParams, ctx: InputContext) => ElicitResult | Promise<ElicitResult>;
export type SampleHandler = (params: CreateMessageRequestParams, ctx: InputContext) => CreateMessageResult | Promise<CreateMessageResult>;
export type RootsHandler = (ctx: InputContext) => Root[] | { roots: Root[] } | Promise<Root[] | { roots: Root[] }>;

export interface LogMessage {
  level: LoggingLevel;
  logger?: string;
  data: unknown;
  _meta?: Meta;
}
export type LogHandler = (params: LogMessage) => void;

export interface ServerNotification {
  method: string;
  params?: Record<string, unknown>;
}
export type NotificationHandler = (notification: ServerNotification) => void;

export interface Progress {
  progress: number;
  total?: number;
  message?: string;
}
export type ProgressHandler = (progress: Progress) => void;

export interface ClientOptions {
  /** "auto" (default) asks `server/discover` first and falls back to `initialize`. */
  era?: "auto" | Era;
  /** Declared as given; by default derived from which handlers are set. */
  capabilities?: ClientCapabilities;
  onElicit?: ElicitHandler;
  onSample?: SampleHandler;
  /** Declare `sampling.tools` (the handler can honour `tools` in sampling requests). */
  samplingTools?: boolean;
  onRoots?: RootsHandler;
  onLog?: LogHandler;
  /** Every notification no other handler took: list changes, resource updates, and so on. */
  onNotification?: NotificationHandler;
  /** Per JSON-RPC request (each input-required round is one); default 60000. */
  requestTimeoutMs?: number;
  /** Default for every call: a progress notification restarts the request's timeout. */
  resetTimeoutOnProgress?: boolean;
  /** Default for every call: the most a request may take however much progress it reports (ms). */
  maxTotalTimeoutMs?: number;
  /** How many input-required rounds one call may take before giving up; default 10. */
  maxRounds?: number;
  /** Least severe log level the server should send. */
  logLevel?: LoggingLevel;
}

export interface RequestOptions {
  onProgress?: ProgressHandler;
  signal?: AbortSignal;
  /** Per JSON-RPC request; the client's `requestTimeoutMs` by default. On timeout the server is sent notifications/cancelled. */
  timeoutMs?: number;
  /** Each progress notification for this call restarts `timeoutMs` (a progress token is sent even without onProgress). */
  resetTimeoutOnProgress?: boolean;
  /** An upper bound per request that progress cannot extend (ms); 0: none. */
  maxTotalTimeoutMs?: number;
}

/** What `subscriptions/listen` asks for; the server acknowledges the subset it honours. */
export interface ListenFilter {
  toolsListChanged?: boolean;
  promptsListChanged?: boolean;
  resourcesListChanged?: boolean;
  resourceSubscriptions?: string[];
}

export type CompletionReference = { type: "ref/prompt"; name: string } | { type: "ref/resource"; uri: string };

/** Fields any server result may carry beyond its own: `resultType`, cache hints, `_meta`, extensions. */
export interface ResultExtras {
  resultType?: string;
  ttlMs?: number;
  cacheScope?: "public" | "private";
  _meta?: Meta;
  [key: string]: unknown;
}

export interface ListToolsResult extends ResultExtras {
  tools: Tool[];
  nextCursor?: string;
}
export interface ListResourcesResult extends ResultExtras {
  resources: Resource[];
  nextCursor?: string;
}
export interface ListResourceTemplatesResult extends ResultExtras {
  resourceTemplates: ResourceTemplate[];
  nextCursor?: string;
}
export interface ListPromptsResult extends ResultExtras {
  prompts: Prompt[];
  nextCursor?: string;
}
export interface ReadResourceResult extends ResultExtras {
  contents: ResourceContents[];
}
export type ToolCallResult = CallToolResult & ResultExtras;
export type PromptResult = GetPromptResult & ResultExtras;
export type CompletionResult = CompleteResult & ResultExtras;

/** What the server said about itself while connecting. */
export interface ServerDescription {
  era: Era;
  protocolVersion: string;
  serverInfo: Implementation | undefined;
  capabilities: ServerCapabilities;
  instructions: string | undefined;
}
