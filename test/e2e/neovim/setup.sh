#!/usr/bin/env bash
# Installs what the Neovim editor test needs: Debian's neovim (0.7.2 on Debian 12), only if missing.
# apt-get runs as root (or via sudo -n).
set -euo pipefail
if ! command -v nvim >/dev/null; then
  if [ "$(id -u)" = 0 ]; then SUDO=(); elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO=(sudo -n); else
    echo "[neovim-setup] neovim missing; install it as root: apt-get install -y neovim" >&2; exit 1
  fi
  echo "[neovim-setup] apt-get install neovim" >&2
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq neovim >/dev/null
fi
echo "neovim: $(nvim --version | head -1)"
