#!/usr/bin/env bash
# One command for a fresh Debian 12 machine: install what is missing, build, open the galaxy.
# Arguments go to the app, e.g. scripts/run.sh path/to/vectors.txt
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
exec "$root/build/galaxy" "$@"
