// compose-lint loads a Compose file with compose-go, the loader Docker Compose itself uses:
// schema validation, interpolation (required variables), and the project's consistency
// (depends_on, volumes and networks that exist). It needs no Docker engine, which the
// development machines and CI lack. Prints the resolved project (YAML, or JSON with -json);
// exits 1 with the loader's message on the first problem. Run through docker/lint-compose.sh.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	asJSON := flag.Bool("json", false, "print the resolved project as JSON")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: compose-lint [-json] compose.yml...")
		os.Exit(2)
	}
	opts, err := cli.NewProjectOptions(flag.Args(), cli.WithOsEnv, cli.WithConsistency(true), cli.WithResolvedPaths(true))
	if err != nil {
		fail(err)
	}
	project, err := opts.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	var out []byte
	if *asJSON {
		out, err = project.MarshalJSON()
	} else {
		out, err = project.MarshalYAML()
	}
	if err != nil {
		fail(err)
	}
	_, _ = os.Stdout.Write(out)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
