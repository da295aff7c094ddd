import { McpServer, McpError, ErrorCode } from "mcpkit";

export const mcp = new McpServer({ name: "records", version: "1.0.0" });

const tables: Record<string, Record<string, object>> = {
  users: { "1": { name: "Ada" }, "2": { name: "Grace" } },
  orders: { "100": { user: "1", total: 42 } },
};

// #region template
mcp.resource("database://{table}/{id}", {
  description: "One record of a table, as JSON",
  mimeType: "application/json",
  // Suggestions for `completion/complete` as the user types a table name.
  complete: { table: (typed) => Object.keys(tables).filter((t) => t.startsWith(typed)) },
  // The concrete records, so `resources/list` shows them too.
  list: () => Object.entries(tables).flatMap(([table, rows]) =>
    Object.keys(rows).map((id) => ({ uri: `database://${table}/${id}`, name: `${table} ${id}` }))),
}, ({ table, id }) => {
  const row = tables[table]?.[id];
  if (!row) throw new McpError(ErrorCode.InvalidParams, `No record ${table}/${id}`);
  return row;
});
// #endregion
