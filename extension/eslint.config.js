// ESLint (flat config) for the extension's JavaScript.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["dist/", "generated/", "node_modules/"] },
  js.configs.recommended,
  {
    files: ["src/**/*.js"],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: "module",
      globals: { ...globals.browser, ...globals.webextensions },
    },
    rules: {
      "no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      // Hint and pack texts are data: never parse them as HTML.
      "no-restricted-properties": [
        "error",
        { property: "innerHTML", message: "Use textContent: hint and pack texts are never HTML." },
        { property: "outerHTML", message: "Use textContent: hint and pack texts are never HTML." },
        { property: "insertAdjacentHTML", message: "Build elements instead." },
      ],
    },
  },
  {
    files: ["scripts/**/*.mjs", "test/**/*.mjs", "eslint.config.js"],
    languageOptions: { ecmaVersion: 2024, sourceType: "module", globals: { ...globals.node } },
  },
];
