package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"github.com/emine-dev/emine/internal/build"
	"github.com/emine-dev/emine/internal/devserver"
	"github.com/emine-dev/emine/internal/entry"
	"github.com/emine-dev/emine/internal/link"
	"github.com/emine-dev/emine/internal/memlimit"
)

// flags parses args with a flag set that reports to stderr; -h prints the
// usage to stdout. It returns the exit code to stop with, or -1 to go on.
func parse(fs *flag.FlagSet, args []string, stdout, stderr io.Writer, synopsis string) int {
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s\n\nFlags:\n", synopsis)
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
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "emine %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return exitUsage
	}
	return -1
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	src := fs.String("src", ".", "the site `folder` with content/, data/, templates/ and static/")
	out := fs.String("out", "public", "the output `folder`; replaced whole on success")
	baseURL := fs.String("base-url", "", "the absolute `URL` the site is published at (default: base_url of data/site.yaml)")
	drafts := fs.Bool("drafts", false, "publish entries marked draft")
	portable := fs.Bool("portable", false, "write links that also work when the folder is opened from disk")
	noMinify := fs.Bool("no-minify", false, "leave HTML, CSS, JS, XML and JSON unminified")
	verbose := fs.Bool("v", false, "print how long each stage took")
	watch := fs.Bool("watch", false, "after building, rebuild into -out on every change until interrupted")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to `file` (for performance work)")
	memProfile := fs.String("memprofile", "", "write a heap profile at the end of the build to `file`")
	if code := parse(fs, args, stdout, stderr, "emine build [-src DIR] [-out DIR] [-base-url URL] [-drafts] [-portable]"); code >= 0 {
		return code
	}
	if *baseURL != "" {
		if err := link.CheckAbsolute(*baseURL); err != nil {
			fmt.Fprintf(stderr, "emine build: -base-url: %v\n", err)
			return exitUsage
		}
	}
	cfg := build.Config{Src: os.DirFS(*src), SrcDir: *src, Out: *out, BaseURL: *baseURL,
		Drafts: *drafts, Portable: *portable, NoMinify: *noMinify}
	stop, perr := startProfiles(*cpuProfile, *memProfile)
	if perr != nil {
		fmt.Fprintf(stderr, "emine build: %v\n", perr)
		return exitFail
	}
	// A watching build keeps its Builder, so rebuilds redo only what
	// changed.
	b := build.NewBuilder(cfg)
	if !*watch {
		b = nil
		defer memlimit.Govern(build.MemoryFloor, build.MemoryGrowth)()
	} else {
		// It also keeps the site in memory, as serve does.
		defer memlimit.Govern(devserver.MemoryFloor, devserver.MemoryGrowth)()
	}
	var res *build.Result
	var err error
	if b != nil {
		res, err = b.Build(ctx, nil)
	} else {
		res, err = build.Build(ctx, cfg)
	}
	stop()
	if res != nil {
		report(stderr, res.Warnings)
	}
	if err != nil {
		var list entry.ErrorList
		if errors.As(err, &list) {
			report(stderr, list)
			n, _ := list.Count()
			fmt.Fprintf(stderr, "emine build: %d error(s); nothing was published\n", n)
			return exitFail
		}
		fmt.Fprintf(stderr, "emine build: %v\n", err)
		return exitFail
	}
	if *verbose {
		for _, st := range res.Stages {
			fmt.Fprintf(stdout, "  %-18s %s\n", st.Name, st.Duration.Round(time.Millisecond))
		}
	}
	fmt.Fprintf(stdout, "built %d pages, %d files (%.1f MB) into %s in %s\n",
		res.Pages, res.Files, float64(res.Bytes)/1e6, *out, res.Duration.Round(1e6))
	if *watch {
		return watchBuild(ctx, b, cfg, stdout, stderr)
	}
	return exitOK
}

func report(w io.Writer, list entry.ErrorList) {
	for _, e := range list {
		fmt.Fprintln(w, e.Error())
	}
}

// watchBuild rebuilds into the output folder on every change; each rebuild
// is swapped in atomically, and a failed one leaves the last good site.
func watchBuild(ctx context.Context, b *build.Builder, cfg build.Config, stdout, stderr io.Writer) int {
	fmt.Fprintf(stdout, "watching %s; Ctrl-C stops\n", cfg.SrcDir)
	err := devserver.Watch(ctx, cfg.SrcDir, func(c devserver.Change) {
		res, err := b.Build(ctx, c.ChangedPaths())
		if err != nil {
			fmt.Fprintf(stderr, "%s rebuild failed; %s keeps the last good site:\n%v\n", time.Now().Format("15:04:05"), cfg.Out, err)
			return
		}
		fmt.Fprintf(stdout, "%s %s in %s\n", time.Now().Format("15:04:05"), res.Summary(), res.Duration.Round(time.Millisecond))
		go debug.FreeOSMemory() // as serve does: the rebuild's garbage goes back now
	})
	if err != nil {
		fmt.Fprintf(stderr, "emine build: watch: %v\n", err)
		return exitFail
	}
	return exitOK
}
