#!/bin/sh
# setup.sh - install the web page's npm packages and put Converse.js's
# files where the page serves them from. Called by `make web` (and so by
# `make check` and `make demo`).
#
# The packages and their exact versions are in package.json and
# package-lock.json beside this file: converse.js (the chat client the page
# embeds), axe-core (the web tests' accessibility checks) and
# playwright-core (drives Debian's chromium in the web tests;
# it never downloads a browser). `npm ci` installs them into
# tests/web/node_modules when the lockfile is newer than what is there;
# then Converse.js's dist files are copied to conf/web/dist/, so the page
# runs from our own files and no CDN. Both directories are build output
# (.gitignore). Quick when nothing changed.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
web=$top/tests/web
dist=$top/conf/web/dist
mods=$web/node_modules

for tool in node npm; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "ecopper: $tool is missing; run 'make deps' as root" >&2
        exit 1
    }
done

# npm writes node_modules/.package-lock.json last: older than the
# lockfile (or missing) means install again.
if [ ! -f "$mods/.package-lock.json" ] ||
    [ "$web/package-lock.json" -nt "$mods/.package-lock.json" ]; then
    echo "ecopper: npm ci in tests/web"
    # No install scripts: none of these packages needs one, and
    # playwright-core must not fetch a browser.
    (cd "$web" && npm ci --ignore-scripts --no-audit --no-fund)
fi

src=$mods/converse.js/dist
[ -f "$src/converse.min.js" ] || {
    echo "ecopper: $src/converse.min.js missing after npm ci" >&2
    exit 1
}
# Copied after the last npm ci: nothing to do.
if [ -f "$dist/VERSION" ] && [ -f "$dist/converse.min.js" ] &&
    [ ! "$mods/.package-lock.json" -nt "$dist/VERSION" ]; then
    exit 0
fi
echo "ecopper: copying Converse.js into conf/web/dist"
rm -rf "$dist.tmp"
mkdir -p "$dist.tmp"
# The bundle, its stylesheet, the chunks it loads on demand (translations
# among them), and the files it finds under assets_path.
for f in converse.min.js converse.min.css emoji.json chunkjs images sounds \
    webfonts libomemo.esm.min.js curve25519_compiled.wasm \
    shared-connection-worker.js; do
    cp -R "$src/$f" "$dist.tmp/"
done
find "$dist.tmp" -name '*.map' -exec rm -f {} +
cp "$mods/converse.js/LICENSE" "$dist.tmp/LICENSE-converse.js"
node -e 'process.stdout.write("converse.js " +
    require(process.argv[1]).version + "\n")' \
    "$mods/converse.js/package.json" > "$dist.tmp/VERSION"
rm -rf "$dist"
mv "$dist.tmp" "$dist"
