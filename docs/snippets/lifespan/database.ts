import initSqlJs from "sql.js";
import { McpServer } from "mcpkit";
import { z } from "zod";

// #region lifespan
export const mcp = new McpServer({
  name: "notes",
  version: "1.0.0",
  lifespan: async function* () {
    const SQL = await initSqlJs();
    const db = new SQL.Database(); // opened once, before the first request
    db.run("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    try {
      yield { db };                // every handler sees it as ctx.state.db
    } finally {
      db.close();                  // on mcp.close(), SIGINT/SIGTERM, or stdin closing
    }
  },
});

mcp.tool("add_note", { input: { body: z.string() } }, ({ body }, ctx) => {
  ctx.state.db.run("INSERT INTO notes (body) VALUES (?)", [body]);
  return "Saved";
});

mcp.tool("count_notes", (_args, ctx) => {
  const [row] = ctx.state.db.exec("SELECT COUNT(*) FROM notes");
  return String(row?.values[0][0] ?? 0);
});
// #endregion
