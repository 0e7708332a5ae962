//go:build tools

// Pins nodeadm's main package so `go mod tidy` keeps it and its dependencies in go.sum; build.sh builds it.
package tools

import _ "github.com/awslabs/amazon-eks-ami/nodeadm/cmd/nodeadm"
