// ESLint (flat config) for the Pack Studio's JavaScript: the extension's rules.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["dist/", "dist-extension/", "generated/", "node_modules/"] },
  js.configs.recommended,
  {
    files: ["src/**/*.js"],
    languageOptions: { ecmaVersion: 2024, sourceType: "module", globals: { ...globals.browser } },
    rules: {
      "no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      // Pack, draft and engine texts are data: never parse them as HTML.
      "no-restricted-properties": [
        "error",
        { property: "innerHTML", message: "Use textContent: pack texts are never HTML." },
        { property: "outerHTML", message: "Use textContent: pack texts are never HTML." },
        { property: "insertAdjacentHTML", message: "Build elements instead." },
      ],
    },
  },
  {
    files: ["scripts/**/*.mjs", "test/**/*.mjs", "eslint.config.js"],
    languageOptions: { ecmaVersion: 2024, sourceType: "module", globals: { ...globals.node } },
  },
];
