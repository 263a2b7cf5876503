#!/usr/bin/env bash
# README's test command (`npm test`); CI's .ci/run calls it too. Installs what it needs (npm packages,
# Debian's Chromium and CJK fonts when missing and running as root), then runs every test layer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
export PATH="$PWD/node_modules/.bin:$PATH"
mkdir -p .tmp

node scripts/gen-catalog.ts --check
svelte-kit sync >/dev/null

status=0
# Types are part of the specification: strict TypeScript across the parser, CLI, app and tests.
svelte-check --tsconfig ./tsconfig.json --output human --fail-on-warnings || status=$?
vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json || status=$?
if compgen -G "tests/e2e/*.spec.ts" >/dev/null; then
  PLAYWRIGHT_JSON_OUTPUT_NAME=.tmp/playwright.json playwright test --reporter=list,json || status=$?
fi
node scripts/test-summary.ts .tmp/vitest.json .tmp/playwright.json || true
exit $status
