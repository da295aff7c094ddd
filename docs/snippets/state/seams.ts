import { McpServer, MemoryBus, MemoryEventLog, MemoryStore } from "mcpkit";
import { createNodeHandler } from "mcpkit/http";

// #region events
declare module "mcpkit" {
  interface BusEvents {
    // An extension's own event: JSON, named by its topic.
    "report-ready": { reportId: string; rows: number };
  }
}
// #endregion

// #region wiring
const bus = new MemoryBus();
export const mcp = new McpServer({ name: "reports", version: "1.0.0", bus });

mcp.tool("build_report", { description: "Builds a report in the background" }, () => {
  const reportId = `r${Date.now()}`;
  setTimeout(() => bus.publish("report-ready", { reportId, rows: 42 }), 10);
  return reportId;
});
bus.subscribe("report-ready", ({ reportId }) => mcp.notifyResourceUpdated(`report://${reportId}`));

export const handler = createNodeHandler(mcp, {
  sessions: { store: new MemoryStore() },                  // legacy sessions and their records
  resumability: {
    eventLog: new MemoryEventLog({ ttlMs: 30 * 60_000, maxPerStream: 1000 }), // replay after Last-Event-ID
  },
});
// #endregion
