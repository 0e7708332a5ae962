// Command pulumi-resource-kubernetes is the upstream provider's main package
// (provider/cmd/pulumi-resource-kubernetes/main.go at the pinned commit),
// restated here because upstream go:embeds two files that its Makefile
// generates and that are therefore not in the module zip:
//
//	schema-embed.json            schema.json with "version" set
//	terraform-mapping-embed.json terraform-mapping.json, minified
//
// ../build.sh generates both with upstream's own generator
// (cmd/pulumi-resource-kubernetes/generate.go) from the schema.json and
// terraform-mapping.json that are in the module zip, into a scratch
// directory, and supplies them to this package with `go build -overlay`
// (overlays may not point into the module cache, hence this copy of main).
// They are never written into this directory: building this package
// without that overlay fails with "pattern schema-embed.json: no matching
// files found". (generate.go needs only pulumi/pkg/v3/codegen/schema, which
// the provider package imports too, so this go.sum covers it.)
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

var providerName = "kubernetes"

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve(providerName, version.Version, pulumiSchema, terraformMapping)
}
