#!/usr/bin/env bash
# Cuts a release: `npm run release -- <patch|minor|major|x.y.z>`. Checks that the tree is clean and that everything
# passes, moves CHANGELOG.md's "Unreleased" section under the new version, commits and tags vX.Y.Z. Pushing the tag
# (`git push --follow-tags`) starts .github/workflows/publish.yml, which publishes to npm with provenance.
#
# RELEASE_SKIP_TEST=1 skips the `npm test` below. Only the release rehearsal (scripts/rehearse-release.sh) sets it:
# it runs this script inside `npm test` (its own run would recurse) on a temporary clone. Never set it for a real
# release; publish.yml runs `npm test` again on the tag before it publishes anyway.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bump="${1:?usage: npm run release -- <patch|minor|major|x.y.z>}"
if [[ -n "$(git status --porcelain)" ]]; then
	echo "release: the work tree has changes; commit or stash them first" >&2
	exit 1
fi
if ! grep -q '^## \[Unreleased\]' CHANGELOG.md; then
	echo "release: CHANGELOG.md has no '## [Unreleased]' section to release" >&2
	exit 1
fi

if [[ "${RELEASE_SKIP_TEST:-}" == 1 ]]; then
	echo "release: npm test skipped (RELEASE_SKIP_TEST=1, a rehearsal)"
else
	npm test
fi

version="$(npm version "$bump" --no-git-tag-version | sed 's/^v//')"
today="$(date -u +%Y-%m-%d)"
sed -i "s/^## \[Unreleased\]/## [Unreleased]\n\n## [$version] - $today/" CHANGELOG.md
git add package.json package-lock.json CHANGELOG.md
git commit -m "Release $version"
git tag -a "v$version" -m "n8n-nodes-ryzeapi $version"
echo "Tagged v$version. Push it to publish: git push --follow-tags"
