// The package entries that ship type declarations, and the tsc options they are emitted with: used by
// scripts/build.js and by test/backstage/package-entry.test.ts, which checks the build's unchecked
// emit against a fully checked one.
export const DECLARATION_ENTRIES = ['generator/backstage/index.ts', 'generator/backstage-form/index.ts'];
export const DECLARATION_OPTIONS = ['--declaration', '--emitDeclarationOnly', '--target', 'es2023', '--module', 'preserve', '--moduleResolution', 'bundler',
  '--strict', '--skipLibCheck', '--esModuleInterop', '--resolveJsonModule', '--types', 'node', '--jsx', 'react-jsx'];
