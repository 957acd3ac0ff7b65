// ESLint for the SPA (`npm run lint`): one guard today, that no English (or any) literal text reaches the screen
// without going through i18next (src/locales). JSX text and JSX attributes are checked
// ("jsx-only" mode); attributes that are never shown to a person, and the arguments of calls made
// inside JSX (ids, field paths, keys), are allowed.
import i18next from "eslint-plugin-i18next";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: ["dist/**", "node_modules/**", "src/api/**"],
  },
  {
    files: ["src/**/*.tsx"],
    ignores: [
      "src/**/*.test.tsx",
      "src/**/*.fixtures.tsx",
      "src/test/**",
    ],
    languageOptions: { parser: tseslint.parser },
    plugins: { i18next },
    rules: {
      "i18next/no-literal-string": [
        "error",
        {
          mode: "jsx-only",
          "jsx-attributes": {
            exclude: [
              "^(className|style|key|id|htmlFor|to|href|target|rel|type|name|role|value|defaultValue)$",
              "^(autoComplete|inputMode|pattern|accept|method|encType|lang|dir|form|list|scope|step|min|max)$",
              "^(aria-(live|relevant|controls|describedby|labelledby|current|haspopup|expanded|hidden|invalid|modal|atomic|busy|sort|orientation|autocomplete|activedescendant|owns|errormessage))$",
              "^(data-.*|path|at|element|variant|tone|kind|size|level|as|width|height|viewBox|d|fill|stroke|strokeWidth|xmlns|preserveAspectRatio|focusable|i18nKey|ns|loading|sizes|srcSet|src|download|spellCheck|wrap|enterKeyHint|headingLevel|mode|state|status|testId|field|sort|align|[a-z]*TestId|describedBy|labelledBy)$",
            ],
          },
          callees: { exclude: [".*"] },
          // Punctuation and arrows alone, and the product's name.
          words: { exclude: ["^Campus$", "^https?://$", "^[\\s\\d.,:;·•…/|()\\[\\]{}+\\-–—×*#%=<>?!\"'’“”←→↑↓✓✕★☆]*$"] },
        },
      ],
    },
  },
);
