#!/usr/bin/env bash
# Installs what the code-server editor test (test/e2e/codeserver/run.mjs) needs, idempotently,
# into a cache dir OUTSIDE the repository (so `npm ci` stays light):
#   $GROUNDWORK_E2E_CACHE (default ~/.cache/groundwork-e2e)/code-server   code-server from the npm registry
#   $GROUNDWORK_E2E_CACHE/pw                                                playwright-core (no browser download)
#   Debian: chromium, ripgrep, and the headers code-server's native modules build against.
# Needs only the npm registry and Debian's apt repositories. apt-get runs as root (or via sudo -n).
#
# Why by hand: code-server's postinstall downloads ripgrep (and argon2 a prebuilt) from GitHub,
# unreachable here, so it is installed with --ignore-scripts and its postinstall steps are done
# below: lib/vscode's production dependencies, node-gyp builds of the native modules against the
# local Node headers, Debian's rg in place of the download, and the postinstall's symlinks.
set -euo pipefail
CACHE=${GROUNDWORK_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/groundwork-e2e}
CS_VERSION=${CODE_SERVER_VERSION:-4.100.3}      # last code-server whose engines say node 20 (4.103+ want node 22/24)
PW_VERSION=${PLAYWRIGHT_CORE_VERSION:-1.65.1}
log() { echo "[codeserver-setup] $*" >&2; }
started=$(date +%s)
mkdir -p "$CACHE"

node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" = 20 ] || log "WARNING: node $node_major; code-server $CS_VERSION is built for node 20 (set CODE_SERVER_VERSION for another)"

# ---- Debian packages (only those missing)
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v rg >/dev/null || need+=(ripgrep)
for p in g++ make python3 pkg-config libkrb5-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=(); elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO=(sudo -n); else
    log "missing Debian packages: ${need[*]}; install them as root: apt-get install -y ${need[*]}"; exit 1
  fi
  log "apt-get install ${need[*]}"
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
fi

# ---- playwright-core (drives Debian's /usr/bin/chromium; downloads no browser)
if [ ! -f "$CACHE/pw/node_modules/playwright-core/package.json" ] || \
   [ "$(node -p "require('$CACHE/pw/node_modules/playwright-core/package.json').version")" != "$PW_VERSION" ]; then
  log "installing playwright-core@$PW_VERSION"
  mkdir -p "$CACHE/pw"
  [ -f "$CACHE/pw/package.json" ] || echo '{"name":"groundwork-e2e-pw","private":true}' > "$CACHE/pw/package.json"
  (cd "$CACHE/pw" && npm install --no-audit --no-fund --loglevel=error "playwright-core@$PW_VERSION")
fi

# ---- code-server
CS_DIR="$CACHE/code-server"
STAMP="$CS_DIR/.installed-$CS_VERSION-node$node_major"
if [ -f "$STAMP" ]; then
  log "code-server $CS_VERSION already installed in $CS_DIR"
else
  log "installing code-server@$CS_VERSION into $CS_DIR (a few minutes: native modules compile)"
  TMP="$CACHE/code-server.tmp.$$"
  rm -rf "$TMP"; mkdir -p "$TMP"
  trap 'rm -rf "$TMP"' EXIT
  echo '{"name":"groundwork-e2e-cs","private":true}' > "$TMP/package.json"
  (cd "$TMP" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION")
  CS="$TMP/node_modules/code-server"
  # argon2 (password hashing, loaded at startup even with --auth none): its prebuilt comes from GitHub, so build it.
  (cd "$TMP" && npm_config_build_from_source=true npm rebuild argon2 --loglevel=error)
  NODE_GYP="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
  [ -f "$NODE_GYP" ] || NODE_GYP=""
  # node-gyp run directly does not read npm's config: point it at the local Node headers (no download)
  NODEDIR=$(npm config get nodedir 2>/dev/null | grep -v '^undefined$' || true)
  NODE_PREFIX="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
  if [ -z "$NODEDIR" ] && [ -f "$NODE_PREFIX/include/node/node.h" ]; then NODEDIR="$NODE_PREFIX"; fi
  gyp() {
    if [ -n "$NODE_GYP" ]; then node "$NODE_GYP" "$@" ${NODEDIR:+--nodedir="$NODEDIR"}
    else npx --yes node-gyp "$@" ${NODEDIR:+--nodedir="$NODEDIR"}; fi
  }
  (
    cd "$CS/lib/vscode"
    npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
    # native modules the server side loads on Linux (@parcel/watcher comes prebuilt from the registry)
    for m in node-pty @vscode/spdlog native-watchdog kerberos @vscode/deviceid; do
      log "node-gyp rebuild $m"
      (cd "node_modules/$m" && gyp rebuild >/dev/null 2>"$CACHE/gyp-$(echo "$m" | tr / _).log") \
        || { log "build of $m failed, see $CACHE/gyp-$(echo "$m" | tr / _).log"; exit 1; }
    done
    # ripgrep (search, file finding): Debian's instead of the GitHub download
    mkdir -p node_modules/@vscode/ripgrep/bin
    cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
    # the rest of code-server's postinstall.sh
    ln -sfn node_modules node_modules.asar
    (cd bin/remote-cli && ln -sfn code-linux.sh code-server)
    (cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
    (cd extensions && npm install --omit=dev --no-audit --no-fund --loglevel=error >/dev/null)
  )
  node "$CS/out/node/entry.js" --version >/dev/null
  rm -rf "$CS_DIR"
  mv "$TMP" "$CS_DIR"
  trap - EXIT
  touch "$STAMP"
fi

echo "code-server: $(node "$CS_DIR/node_modules/code-server/out/node/entry.js" --version | head -1)"
echo "playwright-core: $(node -p "require('$CACHE/pw/node_modules/playwright-core/package.json').version")"
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null)"
echo "cache: $CACHE ($(( $(date +%s) - started )) s)"
