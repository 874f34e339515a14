#!/usr/bin/env bash
# Installs Debian packages for the end-to-end tests: `bash e2e/apt-install.sh <package>...`. Root here and in
# .ci/run; a CI runner's user (GitHub Actions) has sudo instead.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
apt=(apt-get)
[[ $EUID -eq 0 ]] || apt=(sudo --preserve-env=DEBIAN_FRONTEND apt-get)
"${apt[@]}" update -qq
"${apt[@]}" install -y -qq --no-install-recommends "$@"
