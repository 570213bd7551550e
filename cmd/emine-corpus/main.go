// Command emine-corpus writes a synthetic directory of N entries for
// benchmarks: a complete site source (content/, data/, templates/, static/)
// that follows the content contract, so that `emine check` finds nothing
// wrong with it, and optionally Hugo configurations and layouts that render
// the same content, so both generators can be timed on the same input:
// hugo.toml in Hugo's own multilingual mode, and hugo-trees.toml with every
// entry in all three languages, as emine renders them.
//
// Usage:
//
//	emine-corpus -n 10000 -out DIR [-seed N] [-hugo] [-site-from DIR]
//
// The output is byte-identical for the same -n and -seed (and the same
// -site-from files). About 60% of the entries are projects, 20% partners,
// 10% policies and 10% incentives; every fifth entry has a Chinese
// translation. The site settings and the four taxonomies are copies of the
// repository's data/ embedded in the command (refresh them with
// `go generate ./cmd/emine-corpus`; a test fails when they drift), so the
// entries use real keys wherever the command runs. The interface strings
// (data/i18n/) are copied from -site-from with templates/ and static/,
// because templates and their strings change together.
package main

//go:generate sh -c "rm -rf sitedata && mkdir sitedata && cp ../../data/*.yaml sitedata/"

import (
	"flag"
	"fmt"
	"io"
	"os"
)

// Exit codes, as in cmd/emine.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// minEntries is the smallest corpus that holds at least one entry of every
// collection for the others to refer to.
const minEntries = 10

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("emine-corpus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	fs.IntVar(&cfg.n, "n", 1000, "how many `entries` to write (translations not counted)")
	fs.StringVar(&cfg.out, "out", "", "the `folder` to write; it must not exist or be empty")
	fs.Uint64Var(&cfg.seed, "seed", 1, "the random `seed`; the same -n and -seed give the same bytes")
	fs.BoolVar(&cfg.hugo, "hugo", false, "also write hugo.toml, hugo-trees.toml (with hugo-trees/) and layouts/ rendering the same content")
	fs.StringVar(&cfg.siteFrom, "site-from", ".", "the repository `folder` whose templates/, static/ and data/i18n/ are copied")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: emine-corpus -n N -out DIR [-seed N] [-hugo] [-site-from DIR]\n\nFlags:")
		fs.PrintDefaults()
	}
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(stdout)
			fs.Usage()
			return exitOK
		}
	}
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "emine-corpus: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	case cfg.out == "":
		fmt.Fprintln(stderr, "emine-corpus: -out is required")
		return exitUsage
	case cfg.n < minEntries:
		fmt.Fprintf(stderr, "emine-corpus: -n must be at least %d\n", minEntries)
		return exitUsage
	}
	st, err := generate(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "emine-corpus: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(stdout, "wrote %d entries (%d projects, %d partners, %d policies, %d incentives) and %d translations into %s\n",
		st.entries(), st.projects, st.partners, st.policies, st.incentives, st.translations, cfg.out)
	return exitOK
}
