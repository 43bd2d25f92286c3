// The package entries that ship type declarations, and the tsc options they are emitted with: used by
// scripts/build.js and by test/backstage/package-entry.test.ts, which checks that an emit where the
// Backstage packages cannot be found (the root install alone) equals the build's.
export const DECLARATION_ENTRIES = ['generator/backstage/index.ts', 'generator/backstage-form/index.ts'];
export const DECLARATION_OPTIONS = ['--declaration', '--emitDeclarationOnly', '--target', 'es2023', '--module', 'preserve', '--moduleResolution', 'bundler',
  '--strict', '--skipLibCheck', '--esModuleInterop', '--resolveJsonModule', '--types', 'node', '--jsx', 'react-jsx'];
