// ESLint flat config: the recommended JavaScript and typescript-eslint rules, with the project's conventions.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', '.test-output/', 'dist/', 'src/platform/views/assets/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain Node scripts (.mjs) run outside TypeScript.
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    rules: {
      // Unused names are errors, except deliberately ignored ones (`_reply`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `any` hides type errors in safeguarding data: keep it out.
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
)
