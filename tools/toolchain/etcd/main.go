// Command etcd is the upstream etcd server: etcdmain.Main is exactly what the
// official etcd binary's main() calls.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
