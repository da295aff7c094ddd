/** `mcpkit prompt <target> <name> key=value ...`: render one prompt. */
import { clientOptions, parse, parseEra, parseHeaders, offers, parseJsonObject, parsePairs, takeJsonInput, unknownName } from "../args.ts";
import { CliError, type CliCommand } from "../command.ts";
import { formatMessages, paint, writeJson, writeLines } from "../output.ts";
import { parseTarget, withClient } from "../target.ts";
import { readLoginOptions } from "../login.ts";
import { TARGET_HELP } from "./target-help.ts";

export const promptCommand: CliCommand = {
  name: "prompt",
  summary: "Get a prompt with arguments and print its messages",
  help: `Usage: mcpkit prompt <target> <name> [key=value ...] [options]
       mcpkit prompt <name> [key=value ...] [options] -- <command> [args...]

Renders one prompt. Prompt arguments are text: key=value passes the value as typed;
--json '{"key": "value"}' gives them as one JSON object. A bare --json prints the raw result.

${TARGET_HELP}

Examples:
  mcpkit prompt server.ts review_code code='print(1)'
  mcpkit prompt server.ts debug_error --json '{"error": "ENOENT"}' --json`,

  async run(argv, io) {
    const { input, argv: own } = takeJsonInput(argv);
    const { values, positionals, rest } = parse("prompt", own, clientOptions);
    const era = parseEra(values.era);
    const headers = parseHeaders(values.header);
    const { target, positionals: left } = parseTarget("prompt", positionals, rest, io);
    const [name, ...words] = left;
    if (!name) throw new CliError("prompt: which prompt? Give its name after the target (mcpkit list <target> prompts shows them)");
    const given = input === undefined ? {} : parseJsonObject(input, "--json");
    const args: Record<string, string> = {};
    for (const [key, value] of Object.entries(given)) args[key] = typeof value === "string" ? value : JSON.stringify(value);
    for (const [key, value] of parsePairs(words, "prompt arguments")) args[key] = value;
    const result = await withClient(target, { era, headers, login: readLoginOptions(values) }, io, async (client) => {
      const prompts = offers(client, "prompts") ? await client.listAllPrompts() : [];
      if (!prompts.some((p) => p.name === name))
        throw unknownName(
          "prompt",
          name,
          prompts.map((p) => p.name),
        );
      return client.getPrompt(name, args);
    });
    if (values.json) writeJson(io, result);
    else writeLines(io, formatMessages(result.messages ?? [], paint(io)));
    return 0;
  },
};
