#!/usr/bin/env bash
# Rehearses a release without publishing anything: `npm run release:rehearse [-- <patch|minor|major|x.y.z>]`
# (default minor). Works on a temporary clone of the committed HEAD, so the real repository (its work tree, branches
# and tags) is never touched; offline, about 10 s. test/package/release.test.ts runs it inside `npm test`.
#  1. `npm run release` in the clone, as a person cuts a release, with a git identity of the clone's own for the
#     release commit and its inner `npm test` skipped (RELEASE_SKIP_TEST=1: the rehearsal itself runs inside
#     `npm test`, so it would recurse); then the commit, the annotated tag vX.Y.Z on it and CHANGELOG.md's new
#     section are checked;
#  2. what .github/workflows/publish.yml does on that tag: build, `npm pack`, the tarball checked by
#     scripts/check-release.mjs (its files; the tag names package.json's version), then `npm publish --dry-run` of the
#     tarball with publish.yml's flags: no registry (offline), no token, no OIDC variables, an empty user config.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bump="${1:-minor}"
work="$(mktemp -d "${TMPDIR:-/tmp}/ryzeapi-release-rehearsal.XXXXXX")"
trap 'rm -rf "$work"' EXIT
say() { echo "rehearsal: $*"; }

git -c advice.detachedHead=false clone --quiet --no-hardlinks "$root" "$work/repo"
cd "$work/repo"
git config user.name "Release rehearsal"
git config user.email "release-rehearsal@example.invalid"
# The real repository's installed dependencies, only read: nothing is installed here, dist/ is built in the clone.
ln -s "$root/node_modules" node_modules
echo /node_modules >>.git/info/exclude
before="$(node -p 'require("./package.json").version')"
say "clone of $(git rev-parse --short HEAD) at version $before in $work/repo"

# 1. The release, as `npm run release` makes it (a release script that ignored the switch would run npm test here).
grep -q 'RELEASE_SKIP_TEST' scripts/release.sh || {
	echo "rehearsal: the committed scripts/release.sh does not honour RELEASE_SKIP_TEST; not running it" >&2
	exit 1
}
RELEASE_SKIP_TEST=1 npm run --silent release -- "$bump"
version="$(node -p 'require("./package.json").version')"
tag="$(git describe --exact-match --tags HEAD)"
today="$(date -u +%Y-%m-%d)"
problems=()
[[ "$version" != "$before" ]] || problems+=("the version stayed $before")
[[ "$tag" == "v$version" ]] || problems+=("HEAD is tagged $tag, not v$version")
[[ "$(git cat-file -t "$tag")" == tag ]] || problems+=("$tag is not an annotated tag")
[[ "$(git log -1 --format=%s)" == "Release $version" ]] || problems+=("the release commit is \"$(git log -1 --format=%s)\"")
[[ "$(node -p 'require("./package-lock.json").version')" == "$version" ]] || problems+=("package-lock.json keeps another version")
grep -qx '## \[Unreleased\]' CHANGELOG.md || problems+=("CHANGELOG.md lost its Unreleased section")
grep -qx "## \[$version\] - $today" CHANGELOG.md || problems+=("CHANGELOG.md has no '## [$version] - $today' section")
[[ -z "$(git status --porcelain)" ]] || problems+=("the release left changes: $(git status --porcelain | tr '\n' ' ')")
[[ -z "$(git -C "$root" tag -l "$tag")" ]] || problems+=("the real repository has a tag $tag")
if ((${#problems[@]} > 0)); then
	printf 'rehearsal: %s\n' "${problems[@]}" >&2
	exit 1
fi
say "npm run release -- $bump: commit \"Release $version\", annotated tag $tag, CHANGELOG.md section '## [$version] - $today'"

# 2. What publish.yml does on the tag (its npm ci, lint and test are npm test's own).
npm run --silent build >/dev/null
mkdir "$work/pack"
npm pack --silent --pack-destination "$work/pack" >/dev/null
tarball="$(echo "$work"/pack/*.tgz)"
node scripts/check-release.mjs tarball "$tarball" "$tag"
echo >"$work/npmrc"
published="$(
	env -u GITHUB_ACTIONS -u ACTIONS_ID_TOKEN_REQUEST_URL -u ACTIONS_ID_TOKEN_REQUEST_TOKEN -u NPM_TOKEN -u NODE_AUTH_TOKEN \
		npm publish "$tarball" --dry-run --provenance --access public \
		--offline --registry=http://127.0.0.1:9/ --userconfig="$work/npmrc" --loglevel=error
)"
[[ "$published" == "+ n8n-nodes-ryzeapi@$version" ]] || {
	echo "rehearsal: npm publish --dry-run printed \"$published\"" >&2
	exit 1
}
say "npm publish --dry-run --provenance --access public $(basename "$tarball"): $published"
