package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/emine-dev/emine/internal/entry"
	"github.com/emine-dev/emine/internal/schema"
)

func runNew(_ context.Context, args []string, stdout, stderr io.Writer) int {
	const synopsis = "emine new <projects|policies|incentives|partners> <slug> [-title TITLE] [-src DIR]"
	var pos []string
	for len(args) > 0 && len(pos) < 2 && len(args[0]) > 0 && args[0][0] != '-' {
		pos, args = append(pos, args[0]), args[1:]
	}
	flags := flag.NewFlagSet("new", flag.ContinueOnError)
	title := flags.String("title", "", "the entry's `title`")
	src := flags.String("src", ".", "the site `folder`")
	if code := parse(flags, args, stdout, stderr, synopsis); code >= 0 {
		return code
	}
	if len(pos) != 2 {
		fmt.Fprintf(stderr, "emine new: want a collection and a slug\nUsage: %s\n", synopsis)
		return exitUsage
	}
	c, slug := entry.Collection(pos[0]), pos[1]
	if !slices.Contains(entry.Collections, c) {
		fmt.Fprintf(stderr, "emine new: %q is not a collection (projects, policies, incentives, partners)\n", pos[0])
		return exitUsage
	}
	if msg := schema.CheckSlug(slug); msg != "" {
		fmt.Fprintf(stderr, "emine new: %s\n", msg)
		return exitUsage
	}
	dir := filepath.Join(*src, "content", string(c))
	for _, ext := range []string{".md", ".yaml"} {
		if _, err := os.Stat(filepath.Join(dir, slug+ext)); err == nil {
			fmt.Fprintf(stderr, "emine new: content/%s/%s%s already exists; edit it instead\n", c, slug, ext)
			return exitFail
		}
	}
	name := filepath.Join(dir, slug+".md")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "emine new: %v\n", err)
		return exitFail
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(stderr, "emine new: %s already exists\n", name)
		return exitFail
	}
	if err != nil {
		fmt.Fprintf(stderr, "emine new: %v\n", err)
		return exitFail
	}
	_, err = io.WriteString(f, schema.Skeleton(c, *title, entry.FromTime(time.Now())))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(stderr, "emine new: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(stdout, "wrote %s: fill in the fields, then run emine check\n", name)
	return exitOK
}
