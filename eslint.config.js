import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'server/src/db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Only config.ts reads the environment (ARCHITECTURE.md, convention 13).
    files: ['server/**/*.ts'],
    ignores: ['server/src/config.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'read settings through server/src/config.ts' },
      ],
    },
  },
  {
    // Module boundaries: a module is used through its public index (other modules) or its manifest
    // (the composition root); resolvers may name the composition's context type, nothing more.
    files: ['server/src/modules/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          // the API's scalars check what a client sends (Hardening §2): shared/ids.ts, shared/dates.ts
          paths: [
            { name: 'type-graphql', importNames: ['ID'], message: "use ID from '../../shared/ids.js' (UUIDs only)" },
            {
              name: 'graphql-scalars',
              importNames: ['LocalDateResolver', 'DateTimeISOResolver'],
              message: "use LocalDate from '../../shared/dates.js' (limited to the years the database holds)",
            },
          ],
          patterns: [
            {
              regex: '^\\.\\./(?!\\.\\.)[^/]+/(?!index\\.js$)',
              message: "import another module through its public index ('../<module>/index.js')",
            },
            {
              regex: '^\\.\\./\\.\\./composition/',
              allowTypeImports: true,
              message: 'modules sit below the composition root: import its types only',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)(modules|composition)/', message: 'shared/ is the bottom layer: it imports no module' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/composition/**/*.ts', 'server/src/db/**/*.ts', 'server/src/*.ts', 'server/scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: 'modules/[^/]+/(?!index\\.js$|[a-z-]+\\.module\\.js$)',
              message: 'import a module through its manifest (<module>.module.js) or public index (index.js)',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
