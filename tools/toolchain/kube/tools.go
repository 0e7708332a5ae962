//go:build tools

// Pins the main packages built by ../build.sh so `go mod tidy` keeps their
// whole dependency graph in go.mod/go.sum. Never compiled (build tag).
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
)
