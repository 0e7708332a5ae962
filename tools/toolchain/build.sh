#!/usr/bin/env bash
# Builds the local integration-test toolchain (Pulumi CLI, kube-apiserver,
# kube-controller-manager, etcd) from source fetched through the Go module
# proxy only, into a cache outside the repository:
#
#   ${CALICO_EKS_TOOLCHAIN_DIR:-$HOME/.cache/calico-eks-toolchain}/<key>/bin
#
# <key> names the versions plus a hash of the wrapper modules and this script,
# so any change to them builds a fresh directory and a warm run is a no-op.
# Logs go to stderr; the last stdout line is the bin directory.
# Needs only Go (see the go directives of the wrapper modules) and the proxy.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
modules=(pulumi kube etcd)

log() { printf 'toolchain: %s\n' "$*" >&2; }

# Go's official install location, for environments whose PATH lacks it.
if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
	PATH="/usr/local/go/bin:$PATH"
fi
command -v go >/dev/null 2>&1 || { log "Go is needed to build the toolchain (see tools/toolchain/README.md)"; exit 1; }

# Version of module $2 as required by wrapper module $1 (single source of truth:
# the wrapper go.mod files).
modver() {
	awk -v m="$2" '$1 == m { print $2; exit } $1 == "require" && $2 == m { print $3; exit }' "$here/$1/go.mod"
}

pulumi_version="$(modver pulumi github.com/pulumi/pulumi/pkg/v3)"
k8s_version="$(modver kube k8s.io/kubernetes)"
etcd_version="$(modver etcd go.etcd.io/etcd/server/v3)"

inputs_hash="$(
	cd "$here"
	# Everything that can change the binaries: the wrapper modules and this script.
	find build.sh "${modules[@]}" -type f \( -name '*.go' -o -name go.mod -o -name go.sum -o -name '*.sh' \) |
		LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12
)"
key="pulumi-${pulumi_version}_k8s-${k8s_version}_etcd-${etcd_version}_${inputs_hash}"
root="${CALICO_EKS_TOOLCHAIN_DIR:-$HOME/.cache/calico-eks-toolchain}"
dest="$root/$key"
binaries=(pulumi kube-apiserver kube-controller-manager etcd)

complete() {
	local b
	for b in "${binaries[@]}"; do [[ -x "$1/bin/$b" ]] || return 1; done
}

start=$SECONDS
if complete "$dest"; then
	log "up to date: $dest ($((SECONDS - start))s)"
	echo "$dest/bin"
	exit 0
fi

mkdir -p "$root"
tmp="$(mktemp -d "$root/.build-$key.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"

# Static, reproducible, offline-after-download builds using only the local Go.
# -mod=readonly: the committed go.sum must already be complete.
# -buildvcs=false: the wrappers sit in this repo; its git state must not leak in.
export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false"

# build <module dir> <output name> <ldflags> <package>
build() {
	local t=$SECONDS
	log "building $2 ..."
	(cd "$here/$1" && go build -trimpath -ldflags "-s -w $3" -o "$tmp/bin/$2" "$4")
	log "built $2 in $((SECONDS - t))s"
}

# `pulumi version` prints this; the Automation API parses it.
build pulumi pulumi \
	"-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${pulumi_version}" \
	github.com/pulumi/pulumi/pkg/v3/cmd/pulumi

# Same variables that kubernetes' hack/lib/version.sh stamps; unstamped builds
# report v0.0.0-master, which breaks version/compatibility checks.
k8s_minor="${k8s_version#v1.}"
k8s_minor="${k8s_minor%%.*}"
k8s_ldflags=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
	k8s_ldflags+=" -X ${pkg}.gitVersion=${k8s_version} -X ${pkg}.gitMajor=1 -X ${pkg}.gitMinor=${k8s_minor} -X ${pkg}.gitTreeState=clean"
done
build kube kube-apiserver "$k8s_ldflags" k8s.io/kubernetes/cmd/kube-apiserver
build kube kube-controller-manager "$k8s_ldflags" k8s.io/kubernetes/cmd/kube-controller-manager

# etcd's version is a constant in go.etcd.io/etcd/api/v3/version; nothing to stamp.
build etcd etcd "" .

complete "$tmp" || { log "incomplete build in $tmp"; exit 1; }
chmod 755 "$tmp"
# Atomic publish: a concurrent run that finished first wins, ours is dropped.
if mv -T "$tmp" "$dest" 2>/dev/null; then
	trap - EXIT
else
	log "another build published $dest first; using it"
fi
log "done in $((SECONDS - start))s: $dest/bin"
echo "$dest/bin"
