import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = fileURLToPath(new URL("./src/", import.meta.url));

export default defineConfig({
  // `clientele/<sub>` as a user writes it resolves to src/<sub>/index.ts (as the tsconfig paths
  // do for tsc and tsx), so tests can import the public entry points by their names.
  resolve: {
    alias: [
      { find: /^clientele$/, replacement: `${src}index.ts` },
      { find: /^clientele\/([a-z-]+)$/, replacement: `${src}$1/index.ts` },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
