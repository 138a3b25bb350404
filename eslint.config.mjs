// ESLint: correctness only (type-aware, through the project's tsconfig.json); Prettier owns style, so
// eslint-config-prettier comes last and turns off every rule that would fight it. Run by test/run.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS_FOLDERS = ['proto', 'domain', 'lib', 'manager', 'agent', 'cli', 'bench', 'testkit', 'test'];

export default tseslint.config(
  { ignores: ['dist/', 'dist-bench/', 'node_modules/', 'proto/generated/', '.testbed/'] },
  {
    files: ['**/*.{js,mjs}'],
    extends: [js.configs.recommended],
  },
  {
    files: ['scripts/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    files: TS_FOLDERS.map((folder) => `${folder}/**/*.ts`),
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // `x != null` is the one idiom for "null or undefined"; every other comparison is strict.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // `const { body: _body, ...info } = c` is how a field is left out of a copy (tsc allows it too).
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // `let timer; const stop = () => clearTimeout(timer); timer = setTimeout(...)`: a callback made before
      // the value it reads exists (and may run first) needs the `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // An `async` function without `await` is deliberate here: it implements a Promise-returning port (the
      // fakes, the gRPC handlers, the runtime adapters), and a throw inside it becomes a rejection.
      '@typescript-eslint/require-await': 'off',
      // The tree writes `xs[i]!` where it knows the element exists, as noUncheckedIndexedAccess would ask
      // (227 of this rule's 239 hits): the `!` says what the author checked, and removing it hides that.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests read untyped JSON (`docker inspect`, the Compose corpus tables) and use vitest's asymmetric
      // matchers (`expect.stringContaining()` is typed `any`); the assertions check the shapes.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  prettier,
);
