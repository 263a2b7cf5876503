#!/usr/bin/env bash
# One-time set-up, safe to run again: npm packages (including the pinned Node 22 that npm scripts run on),
# for the browser tests Debian's Chromium and CJK fonts, and with --office the tools that make and check
# office-style PDFs for the synthetic test material (LibreOffice headless, poppler-utils) — Debian packages
# are installed only when missing and running as root.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund
fi

if [ "${1:-}" = "--browser" ] || [ "${1:-}" = "--office" ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  fc-list 2>/dev/null | grep -qi "noto.*cjk" || missing+=(fonts-noto-cjk)
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
