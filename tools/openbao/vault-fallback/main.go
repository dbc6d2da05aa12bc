// Command vault builds HashiCorp Vault's CLI/server as a dependency of our own module, the
// fallback tried when OpenBao could not be fetched (see ../README.md). Test tooling only.
package main

import (
	"os"

	"github.com/hashicorp/vault/command"
)

func main() {
	os.Exit(command.Run(os.Args[1:]))
}
