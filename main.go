package main

import (
	"flag"
	"log"
	"os"

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
	} else {
		quietUnlessLogging()
	}

	// provider.NewProtocol6Server rather than providerserver.Serve: it also
	// repairs OpenTofu's null function arguments.
	if err := tf6server.Serve("registry.terraform.io/goto-community/goto", provider.NewProtocol6Server(version), opts...); err != nil {
		log.Fatal(err.Error())
	}
}

// quietUnlessLogging turns the plugin libraries' logs off when the CLI is not
// collecting logs. Otherwise they are written at TRACE on every call, and the
// CLI decodes and then discards them: measurable plan time for nothing.
func quietUnlessLogging() {
	for _, v := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK"} {
		if os.Getenv(v) != "" {
			return
		}
	}
	for _, v := range []string{"TF_LOG_SDK", "TF_LOG_PROVIDER"} {
		if err := os.Setenv(v, "OFF"); err != nil {
			log.Printf("[WARN] %s: %v", v, err)
		}
	}
}
