// Command bao builds OpenBao's CLI/server from the Go module proxy as a dependency of our
// own module, so the replace directives in OpenBao's go.mod are ignored (they break
// `go install`). Used only to run a real KV v2 server for @causeway/secrets tests.
package main

import (
	"os"

	"github.com/openbao/openbao/command"
)

func main() {
	os.Exit(command.Run(os.Args[1:]))
}
