//go:build tools

// Pins the main package built by ../build.sh so `go mod tidy` keeps its whole
// dependency graph in go.mod/go.sum. Never compiled (build tag).
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
