#!/usr/bin/env bash
# `npm run demo`: installs, builds and opens a real VS Code with Incident Lens on a
# fresh copy of the demo workspace. Uses a local `code` when there is one, and
# code-server on 127.0.0.1 otherwise (printing the URL to open).
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${INCIDENT_LENS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/incident-lens}"
# Where the demo's workspace copy and VS Code's user data go (the end-to-end test points it elsewhere).
DEMO_DIR="${INCIDENT_LENS_DEMO_DIR:-$CACHE}"
PORT="${PORT:-8080}"

[ -d node_modules ] && [ node_modules -nt package-lock.json ] || npm ci --no-audit --no-fund
npm run --silent package

WORKSPACE="$DEMO_DIR/demo-workspace"
rm -rf "$WORKSPACE" && mkdir -p "$DEMO_DIR" && cp -r demo "$WORKSPACE"

if command -v code >/dev/null 2>&1 && [ -z "${INCIDENT_LENS_USE_CODE_SERVER:-}" ]; then
  echo "Opening $WORKSPACE in VS Code with Incident Lens loaded from $(pwd)"
  exec code --extensionDevelopmentPath="$(pwd)" "$WORKSPACE"
fi

# The installer prints NODE24=..., CODE_SERVER=..., CHROMIUM=...; a failed install stops the demo here.
tools=$(bash scripts/install-vscode.sh) || { echo "Installing code-server failed (see above); run npm run demo again to retry." >&2; exit 1; }
eval "$(printf '%s\n' "$tools" | sed 's/^/export /')"
RUN="$DEMO_DIR/demo-run"
mkdir -p "$RUN/user-data/User" "$RUN/extensions" "$RUN/home" "$RUN/tmp"
[ -f "$RUN/user-data/User/settings.json" ] || cat > "$RUN/user-data/User/settings.json" <<'JSON'
{
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.ignoreRecommendations": true,
  "chat.disableAIFeatures": true,
  "workbench.startupEditor": "none",
  "git.openRepositoryInParentFolders": "never"
}
JSON
printf 'auth: none\ncert: false\n' > "$RUN/config.yaml"
# code-server runs on Node 24: nothing the outer npm (Node 20) set may reach it.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -iE '^(npm_|node_gyp|init_cwd$)' || true)
export PATH="$(dirname "$NODE24"):$PATH" EXTENSIONS_GALLERY='{}' HOME="$RUN/home" TMPDIR="$RUN/tmp"
common=(--user-data-dir "$RUN/user-data" --extensions-dir "$RUN/extensions" --config "$RUN/config.yaml")
"$CODE_SERVER" "${common[@]}" --install-extension dist-vsix/incident-lens.vsix --force >/dev/null
echo
echo "Incident Lens demo: open http://127.0.0.1:$PORT/?folder=$WORKSPACE"
echo "(then open src/payments/charge.ts; Ctrl+C here stops VS Code)"
echo
exec "$CODE_SERVER" "${common[@]}" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check "$WORKSPACE"
