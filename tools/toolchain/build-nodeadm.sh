#!/usr/bin/env bash
# Builds nodeadm, the AL2023 node bootstrapper whose `config check` validates a
# NodeConfig document, from the Go module proxy into its own directory of the
# toolchain cache:
#
#   ${CALICO_EKS_TOOLCHAIN_DIR:-$HOME/.cache/calico-eks-toolchain}/<key>/bin/nodeadm
#   .../<key>/crds/node.eks.aws_nodeconfigs.yaml  (the NodeConfig schema of the same version)
#
# Separate from build.sh on purpose: build.sh's cache key hashes build.sh and
# its wrapper modules, so building nodeadm there would move the other binaries
# (45 minutes of building) to a new key. <key> here names the nodeadm version
# plus a hash of this script and the nodeadm/ wrapper module.
# Logs go to stderr; the last stdout line is the bin directory.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
module=github.com/awslabs/amazon-eks-ami/nodeadm

log() { printf 'toolchain: %s\n' "$*" >&2; }

if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
	PATH="/usr/local/go/bin:$PATH"
fi
command -v go >/dev/null 2>&1 || { log "Go is needed to build nodeadm (see tools/toolchain/README.md)"; exit 1; }

version="$(awk -v m="$module" '$1 == m { print $2; exit } $1 == "require" && $2 == m { print $3; exit }' "$here/nodeadm/go.mod")"
[[ -n "$version" ]] || { log "nodeadm/go.mod requires no $module"; exit 1; }
inputs_hash="$(
	cd "$here"
	find build-nodeadm.sh nodeadm -type f \( -name '*.go' -o -name go.mod -o -name go.sum -o -name '*.sh' \) |
		LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12
)"
key="nodeadm-${version##*-}_${inputs_hash}"
root="${CALICO_EKS_TOOLCHAIN_DIR:-$HOME/.cache/calico-eks-toolchain}"
dest="$root/$key"

start=$SECONDS
if [[ -x "$dest/bin/nodeadm" && -f "$dest/crds/node.eks.aws_nodeconfigs.yaml" ]]; then
	log "up to date: $dest ($((SECONDS - start))s)"
	echo "$dest/bin"
	exit 0
fi

mkdir -p "$root"
tmp="$(mktemp -d "$root/.build-$key.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"

# Same build settings as build.sh: static, -mod=readonly against the committed go.sum.
export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false"
log "building nodeadm $version ..."
(cd "$here/nodeadm" && go build -trimpath -ldflags "-s -w" -o "$tmp/bin/nodeadm" "$module/cmd/nodeadm")
log "built nodeadm in $((SECONDS - start))s"

# nodeadm's `config check` decodes leniently (unknown fields are dropped, not refused), so the tests also
# hold a NodeConfig against the CRD schema nodeadm's module ships; keep the one of this very version.
module_dir="$(cd "$here/nodeadm" && go list -m -f '{{.Dir}}' "$module")"
mkdir -p "$tmp/crds"
cp "$module_dir/crds/node.eks.aws_nodeconfigs.yaml" "$tmp/crds/"

chmod 755 "$tmp"
# Atomic publish, as in build.sh.
if mv -T "$tmp" "$dest" 2>/dev/null; then
	trap - EXIT
else
	log "another build published $dest first; using it"
fi
echo "$dest/bin"
