import { McpServer } from "mcpkit";
import { z } from "zod";

export const mcp = new McpServer({ name: "travel", version: "1.0.0" });
const pricing = {
  quote: async (city: string) => ({ city, price: `€${100 + city.length}` }),
  book: async (quote: { city: string; price: string }) => `Booked ${quote.city} for ${quote.price}`,
};

// #region book
mcp.tool("book", { input: { city: z.string() } }, async ({ city }, ctx) => {
  const quote = await ctx.step("quote", () => pricing.quote(city)); // runs once per request
  const ok = await ctx.elicit(`Book ${city} for ${quote.price}?`, { confirm: z.boolean() });
  return ok.action === "accept" && ok.content.confirm ? await pricing.book(quote) : "Not booked";
});
// #endregion
