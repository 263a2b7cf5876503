#!/usr/bin/env node
// Entry point for `npx nianbao`: the CLI is TypeScript that Node ≥ 22.18 runs directly (type stripping).
await import('../src/cli/nianbao.ts');
