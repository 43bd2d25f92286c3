import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { renderedRepositories } from './scripts/rendered-repositories.js';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', '**/node_modules/', '.ci/.node/', ...renderedRepositories(import.meta.dirname)] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The generated repository's jest config is CommonJS.
    files: ['skeleton/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
);
