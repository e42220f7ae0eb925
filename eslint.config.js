import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'bench-results', 'dashboard/dist', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The engine is pure (DESIGN.md, STYLE.md 2): no I/O, no wall clock, no global RNG.
    files: ['engine/**/*.ts'],
    ignores: ['engine/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(node:)?(fs|http|https|net|child_process|worker_threads)(/.*)?$|^(express|drizzle-orm|better-sqlite3|zod)(/.*)?$',
              message: 'engine/ is pure: no I/O or framework imports.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use the injected clock (deps.now).' },
        { object: 'Math', property: 'random', message: 'Use the injected RNG (deps.random).' },
      ],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date']", message: 'Use the injected clock.' }],
    },
  },
);
