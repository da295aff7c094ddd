import { McpServer } from "mcpkit";
import { z } from "zod";

export const mcp = new McpServer({ name: "bookings", version: "1.0.0" });

// #region elicit
mcp.tool("book_table", { input: { restaurant: z.string() } }, async ({ restaurant }, ctx) => {
  const answer = await ctx.elicit(`How many people, and when, at ${restaurant}?`, {
    people: z.number().int().min(1).max(12).describe("Number of guests"),
    time: z.string().describe("Time, like 19:30"),
  });
  if (answer.action !== "accept") return "Booking cancelled";
  return `Booked ${restaurant} for ${answer.content.people} at ${answer.content.time}`;
});
// #endregion

// #region elicit-url
mcp.tool("connect_account", async (_args, ctx) => {
  // Credentials must not pass through the client: send the user to a page instead.
  const { action } = await ctx.elicitUrl("Sign in to connect your account", "https://example.com/connect");
  return action === "accept" ? "Waiting for the sign-in to finish" : "Not connected";
});
// #endregion
