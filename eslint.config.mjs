// ESLint: correctness only (type-aware, through the project's tsconfig.json); Prettier owns style, so
// eslint-config-prettier comes last and turns off every rule that would fight it. Run by test/run.
// The one style rule is @stylistic/max-len: Prettier does not break comments or long string/template
// literals, so a line over 120 columns is caught here. eslint-config-prettier lists it as a "special rule"
// and turns it off too, so that one entry is dropped from it below (it stays last for every other rule).
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Prettier's printWidth (.prettierrc.json); URLs may run past it.
const MAX_LEN = ['error', { code: 120, ignoreUrls: true }];

const TS_FOLDERS = ['proto', 'domain', 'lib', 'manager', 'agent', 'cli', 'bench', 'testkit', 'test'];

export default tseslint.config(
  { ignores: ['dist/', 'dist-bench/', 'node_modules/', 'proto/generated/', '.testbed/'] },
  {
    files: ['**/*.{js,mjs}'],
    extends: [js.configs.recommended],
    plugins: { '@stylistic': stylistic },
    rules: {
      '@stylistic/max-len': MAX_LEN,
    },
  },
  {
    files: ['scripts/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    files: TS_FOLDERS.map((folder) => `${folder}/**/*.ts`),
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    plugins: { '@stylistic': stylistic },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@stylistic/max-len': MAX_LEN,
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
  {
    ...prettier,
    rules: Object.fromEntries(Object.entries(prettier.rules).filter(([rule]) => rule !== '@stylistic/max-len')),
  },
);
