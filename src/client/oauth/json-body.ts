/** The JSON object an authorization server's answer carries, or undefined when it is not one. */
export async function jsonObjectOf(res: Response): Promise<Record<string, unknown> | undefined> {
  const text = await res.text();
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
