#!/usr/bin/env bash
# One-time set-up, safe to run again: npm packages (including the pinned Node 22 that npm scripts run on),
# for the browser tests Debian's Chromium and CJK fonts, and with --office the tools that make and check
# office-style PDFs for the synthetic test material (LibreOffice headless, poppler-utils) — Debian packages
# are installed only when missing and running as root.
set -euo pipefail
cd "$(dirname "$0")/.."

# npm itself runs on whatever Node is on PATH (Debian's may be 20); the project pins Node 22 as a devDependency
# and every npm script runs on it. Once the pinned Node is installed, npm is run on it too, so its engine check
# (package.json: node >=22.17) sees the Node that will really run the code and has nothing to warn about. Only a
# first install on an older system Node has to run npm on that Node: its EBADENGINE warnings then describe npm's
# own Node, not the one the scripts use, and are summarised in one line instead of 25.
pinned=node_modules/.bin/node
npm_cli="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
run_npm() {
  if [ -x "$pinned" ] && "$pinned" --version >/dev/null 2>&1 && [ -f "$npm_cli" ]; then
    "$pinned" "$npm_cli" "$@"
  else
    local log
    log="$(mktemp)"
    npm "$@" 2> >(tee "$log" | grep -v 'EBADENGINE' >&2)
    local n
    n="$(grep -c 'EBADENGINE Unsupported engine' "$log" || true)"
    rm -f "$log"
    if [ "${n:-0}" -gt 0 ]; then
      echo "setup: npm ran on the system's Node $(node --version) and noted $n package(s) wanting a newer Node (EBADENGINE); the scripts run on the pinned Node installed now, not on $(node --version)"
    fi
  fi
}

# Reinstall only when the lock file changed since the last install (a stamp of its hash), or nothing is installed.
stamp=node_modules/.nianbao-setup.sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -x "$pinned" ]; then
  need=1
elif [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  need=0
elif run_npm ls --all >/dev/null 2>&1; then
  need=0 # installed before the stamp existed, and npm finds the tree complete
  echo "$want" >"$stamp"
else
  need=1
fi
if [ "$need" = 1 ]; then
  echo "setup: installing npm packages (npm ci)"
  run_npm ci --no-audit --no-fund
  echo "$want" >"$stamp"
fi
echo "setup: npm scripts run on Node $("$pinned" --version) (pinned: node_modules/.bin/node); the system's node is $(node --version 2>/dev/null || echo 'not installed')"

if [ "${1:-}" = "--browser" ] || [ "${1:-}" = "--office" ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  # (grep reads the whole list: with -q it would stop early, fc-list would die of SIGPIPE and pipefail report "missing")
  fc-list 2>/dev/null | grep -i "noto.*cjk" >/dev/null || missing+=(fonts-noto-cjk)
  if [ "${1:-}" = "--office" ]; then
    # `nianbao synth --pdf` converts its DOCX with LibreOffice (as Word/WPS export does) and prints HTML with Chromium.
    command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
    command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      echo "setup: installing Debian packages: ${missing[*]}"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null
    else
      echo "setup: missing ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
      exit 1
    fi
  fi
fi
