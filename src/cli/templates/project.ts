/** The project files of a new mcpkit project around its source: package.json, tsconfig, README, .gitignore. */
export interface ProjectVersions {
  mcpkit: string;
  zod: string;
  tsx: string;
  typescript: string;
  typesNode: string;
}

export function packageJson(name: string, versions: ProjectVersions): string {
  const pkg = {
    name,
    version: "0.1.0",
    private: true,
    type: "module",
    engines: { node: ">=20" },
    scripts: {
      start: "mcpkit run src/server.ts",
      dev: "mcpkit dev src/server.ts",
      test: "node --import tsx --test test/*.test.ts",
      typecheck: "tsc",
    },
    dependencies: { mcpkit: versions.mcpkit, zod: versions.zod },
    devDependencies: { "@types/node": versions.typesNode, tsx: versions.tsx, typescript: versions.typescript },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

// No build step: mcpkit runs the .ts files through tsx, so tsc only checks types.
export const tsconfigJson = `${JSON.stringify(
  {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      lib: ["ES2023"],
      types: ["node"],
      strict: true,
      noEmit: true,
      allowImportingTsExtensions: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      skipLibCheck: true,
    },
    include: ["src", "test"],
  },
  null,
  2,
)}\n`;

export const gitignore = `node_modules/
dist/
.env
*.log
`;

export function readme(name: string): string {
  return `# ${name}

A [Model Context Protocol](https://modelcontextprotocol.io) server built with mcpkit.

## Commands

\`\`\`sh
npm install
npm start              # serve over stdio
npm run dev            # restart on every change
npm test               # run test/*.test.ts
npm run typecheck      # check the types
npx mcpkit list src/server.ts              # what the server offers
npx mcpkit call src/server.ts hello name=Ada
\`\`\`

## Layout

\`\`\`
src/
  server.ts            creates the server and registers the modules below
  tools/               one module per group of tools
  resources/           resources and resource templates
  prompts/             prompt templates
test/
  server.test.ts       talks to the server in memory with mcpkit/testing
\`\`\`

Each module exports \`register(mcp)\`. To add one, create the file and add it to the list
in \`src/server.ts\`.

## Use it from a client

\`\`\`sh
npx mcpkit install claude-desktop src/server.ts
npx mcpkit install claude-code src/server.ts
npx mcpkit install cursor src/server.ts
npx mcpkit install vscode src/server.ts
\`\`\`

Add \`--env <KEY=VALUE>\` for settings the server reads from its environment, and restart the
client afterwards.
`;
}
