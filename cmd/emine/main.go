// Command emine builds the Pak–China mineral-investment directory: it checks
// the entries in content/ and data/ and renders them into a static site.
//
// Usage:
//
//	emine build [-src DIR] [-out DIR] [-base-url URL] [-drafts] [-portable]
//	emine serve [-src DIR] [-addr 127.0.0.1:1313] [-drafts]
//	emine check [-src DIR] [-drafts] [-format text|json|github] [-links]
//	emine new <collection> <slug> [-title TITLE]
//	emine diff [-base REV] [-format text|markdown]
//	emine guide [-write CONTRIBUTING.md]
//	emine version
//	emine help [command]
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at link time with -ldflags "-X main.version=...".
var version = "dev"

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"build", "check the content and render the site into a folder", runBuild},
		{"serve", "build, serve with live reload, and rebuild on every change", runServe},
		{"check", "check the content without building", runCheck},
		{"new", "write a new entry with every field ready to fill in", runNew},
		{"diff", "list what a change does to the directory against a git revision", runDiff},
		{"guide", "print the editors' field reference, or update CONTRIBUTING.md", runGuide},
		{"version", "print the version", runVersion},
		{"help", "explain a command", runHelp},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	if name == "-h" || name == "-help" || name == "--help" {
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "emine: unknown command %q\n", name)
	fmt.Fprintln(stderr, "Run 'emine help' for the list of commands.")
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "emine builds the Pak–China mineral-investment directory into a static site.")
	fmt.Fprintln(w, "\nUsage: emine <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'emine help <command>' for a command's flags.")
}

func runVersion(_ context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "emine version: takes no arguments")
		return exitUsage
	}
	fmt.Fprintln(stdout, "emine", version)
	return exitOK
}

func runHelp(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stdout)
		return exitOK
	}
	switch args[0] {
	case "build", "check", "new", "guide", "diff", "serve":
		return run(ctx, []string{args[0], "-h"}, stdout, stderr)
	case "version", "help":
		usage(stdout)
		return exitOK
	}
	fmt.Fprintf(stderr, "emine help: unknown command %q\n", args[0])
	return exitUsage
}
