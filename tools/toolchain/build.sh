#!/usr/bin/env bash
# Builds the local integration-test toolchain (Pulumi CLI, kube-apiserver,
# kube-controller-manager, etcd, the Pulumi Kubernetes provider plugin) from
# source fetched through the Go module proxy only, into a cache outside the
# repository:
#
#   ${CALICO_EKS_TOOLCHAIN_DIR:-$HOME/.cache/calico-eks-toolchain}/<key>/bin
#
# <key> names the versions plus a hash of the wrapper modules and this script,
# so any change to them builds a fresh directory and a warm run is a no-op.
# Logs go to stderr; the last stdout line is the bin directory.
# Needs only Go (see the go directives of the wrapper modules) and the proxy.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
modules=(pulumi kube etcd kubernetes-provider)

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
k8s_provider_module=github.com/pulumi/pulumi-kubernetes/provider/v4
k8s_provider_pseudo="$(modver kubernetes-provider "$k8s_provider_module")"
k8s_provider_commit="${k8s_provider_pseudo##*-}"
# Version the provider reports (and stamps into its schema). The module is only
# available as a pseudo-version, so this is pulumictl's form for an untagged
# commit: <next release>-alpha.<commit unix time>+<commit>. The commit of
# v4.0.0-20260115033456-f47bc2d6f199 lies between the v4.24.1 and v4.25.0 tags.
# Keep in step with kubernetes-provider/go.mod (checked below).
k8s_provider_version="4.25.0-alpha.1768448096+f47bc2d6f199"
if [[ "$k8s_provider_version" != *"+$k8s_provider_commit" ]]; then
	log "k8s_provider_version ($k8s_provider_version) does not name the commit of kubernetes-provider/go.mod ($k8s_provider_pseudo)"
	exit 1
fi

inputs_hash="$(
	cd "$here"
	# Everything that can change the binaries: the wrapper modules and this script.
	find build.sh "${modules[@]}" -type f \( -name '*.go' -o -name go.mod -o -name go.sum -o -name '*.sh' \) |
		LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12
)"
key="pulumi-${pulumi_version}_k8s-${k8s_version}_etcd-${etcd_version}_kubernetes-provider-${k8s_provider_commit}_${inputs_hash}"
root="${CALICO_EKS_TOOLCHAIN_DIR:-$HOME/.cache/calico-eks-toolchain}"
dest="$root/$key"
binaries=(pulumi kube-apiserver kube-controller-manager etcd pulumi-resource-kubernetes)

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

# build <module dir> <output name> <ldflags> <package> [extra go build flags...]
build() {
	local t=$SECONDS
	log "building $2 ..."
	(cd "$here/$1" && go build -trimpath "${@:5}" -ldflags "-s -w $3" -o "$tmp/bin/$2" "$4")
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

# The provider's main package go:embeds schema-embed.json and
# terraform-mapping-embed.json, which upstream's Makefile generates (go generate
# -> cmd/pulumi-resource-kubernetes/generate.go) and which are therefore not in
# the module zip. Generate them with that same generator from the schema.json
# and terraform-mapping.json that are in the zip, in a scratch directory, and
# hand them to the wrapper's copy of main.go with -overlay (overlays cannot
# point into the module cache, hence the wrapper main.go).
gen="$tmp/kubernetes-provider-gen"
mkdir -p "$gen"
k8s_provider_dir="$(
	cd "$here/kubernetes-provider"
	go mod download "$k8s_provider_module"
	go list -m -f '{{.Dir}}' "$k8s_provider_module"
)"
[[ -n "$k8s_provider_dir" ]] || { log "cannot locate $k8s_provider_module in the module cache"; exit 1; }
(cd "$here/kubernetes-provider" && go build -trimpath -o "$gen/generate" "$k8s_provider_dir/cmd/pulumi-resource-kubernetes/generate.go")
cp "$k8s_provider_dir/cmd/pulumi-resource-kubernetes/schema.json" \
	"$k8s_provider_dir/cmd/pulumi-resource-kubernetes/terraform-mapping.json" "$gen/"
(cd "$gen" && VERSION="$k8s_provider_version" ./generate)
printf '{"Replace": {"%s": "%s", "%s": "%s"}}\n' \
	"$here/kubernetes-provider/schema-embed.json" "$gen/schema-embed.json" \
	"$here/kubernetes-provider/terraform-mapping-embed.json" "$gen/terraform-mapping-embed.json" >"$gen/overlay.json"
build kubernetes-provider pulumi-resource-kubernetes \
	"-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=${k8s_provider_version}" \
	. -overlay "$gen/overlay.json"
rm -rf "$gen"

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
