package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/goto-community/terraform-provider-goto/internal/provider"
)

// version is set at build time by goreleaser or `make build` (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}

	// provider.NewProtocol6Server rather than providerserver.Serve: it also
	// repairs OpenTofu's null function arguments.
	if err := tf6server.Serve("registry.terraform.io/goto-community/goto", provider.NewProtocol6Server(version), opts...); err != nil {
		log.Fatal(err.Error())
	}
}
