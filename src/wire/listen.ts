/**
 * `subscriptions/listen` (2026-07-28): a long-lived response stream that carries list
 * changes and resource updates the client asked for, each tagged with the listen request's id.
 */
import { own } from "../protocol/own.ts";
import { ErrorCode, McpError } from "../protocol/errors.ts";
import type { JsonRpcMessage, JsonRpcRequest } from "../protocol/jsonrpc.ts";
import { MetaKey } from "../protocol/versions.ts";
import type { McpServer } from "../server/mcp-server.ts";
import type { ListKind, Unsubscribe } from "../state/bus.ts";

export interface ListenRequestFilter {
  toolsListChanged?: boolean;
  promptsListChanged?: boolean;
  resourcesListChanged?: boolean;
  resourceSubscriptions?: string[];
}

const LIST_NOTIFICATION: Record<ListKind, { flag: keyof ListenRequestFilter; method: string }> = {
  tools: { flag: "toolsListChanged", method: "notifications/tools/list_changed" },
  prompts: { flag: "promptsListChanged", method: "notifications/prompts/list_changed" },
  resources: { flag: "resourcesListChanged", method: "notifications/resources/list_changed" },
};

export class ListenStream {
  private readonly unsubscribers: Unsubscribe[] = [];
  private readonly meta: Record<string, unknown>;
  private ended = false;

  constructor(
    server: McpServer<unknown>,
    private readonly request: JsonRpcRequest,
    private readonly send: (message: JsonRpcMessage) => void,
  ) {
    const requested = request.params?.notifications;
    if (requested !== undefined && (typeof requested !== "object" || requested === null || Array.isArray(requested))) {
      throw new McpError(ErrorCode.InvalidParams, "subscriptions/listen needs params.notifications as an object");
    }
    const filter = (requested ?? {}) as ListenRequestFilter;
    const caps = server.capabilities();
    this.meta = { [MetaKey.subscriptionId]: request.id };
    // Only what was asked for and what this server can send is honoured and acknowledged.
    const honoured: ListenRequestFilter = {};
    if (filter.toolsListChanged === true && caps.tools) honoured.toolsListChanged = true;
    if (filter.promptsListChanged === true && caps.prompts) honoured.promptsListChanged = true;
    if (filter.resourcesListChanged === true && caps.resources) honoured.resourcesListChanged = true;
    const uris =
      Array.isArray(filter.resourceSubscriptions) && caps.resources
        ? filter.resourceSubscriptions.filter((u): u is string => typeof u === "string")
        : [];
    if (uris.length) honoured.resourceSubscriptions = uris;

    this.notify("notifications/subscriptions/acknowledged", { notifications: honoured });
    this.unsubscribers.push(
      server.bus.subscribe("list-changed", ({ kind }) => {
        const spec = own(LIST_NOTIFICATION, kind);
        if (spec && honoured[spec.flag]) this.notify(spec.method, {});
      }),
    );
    if (uris.length) {
      const watched = new Set(uris);
      this.unsubscribers.push(
        server.bus.subscribe("resource-updated", ({ uri }) => {
          if (watched.has(uri)) this.notify("notifications/resources/updated", { uri });
        }),
      );
    }
  }

  get id() {
    return this.request.id;
  }

  private notify(method: string, params: Record<string, unknown>): void {
    if (this.ended) return;
    this.send({ jsonrpc: "2.0", method, params: { ...params, _meta: this.meta } });
  }

  /** Stops the stream. A graceful end (server shutdown) answers the listen request; a client cancel does not. */
  end(graceful: boolean): void {
    if (this.ended) return;
    this.ended = true;
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    if (graceful) this.send({ jsonrpc: "2.0", id: this.request.id, result: { resultType: "complete", _meta: this.meta } });
  }
}
