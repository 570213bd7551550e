package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/emine-dev/emine/internal/build"
	"github.com/emine-dev/emine/internal/entry"
	"github.com/emine-dev/emine/internal/linkcheck"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	src := fs.String("src", ".", "the site `folder` to check")
	drafts := fs.Bool("drafts", false, "check entries marked draft as if published")
	format := fs.String("format", "text", "output `format`: text, json (one object a line) or github (workflow annotations)")
	links := fs.Bool("links", false, "also build the site into a temporary folder and check that every internal link, asset and anchor resolves")
	if code := parse(fs, args, stdout, stderr, "emine check [-src DIR] [-drafts] [-format text|json|github] [-links]"); code >= 0 {
		return code
	}
	if *format != "text" && *format != "json" && *format != "github" {
		fmt.Fprintf(stderr, "emine check: -format %q: use text, json or github\n", *format)
		return exitUsage
	}
	cfg := build.Config{Src: os.DirFS(*src), SrcDir: *src, Drafts: *drafts}
	list := build.Check(cfg)
	if *links && !list.HasErrors() {
		list.Append(checkLinks(ctx, cfg))
	}
	list.Sort()
	if err := writeProblems(stdout, *format, list); err != nil {
		fmt.Fprintf(stderr, "emine check: %v\n", err)
		return exitFail
	}
	errs, warns := list.Count()
	if *format == "text" {
		fmt.Fprintf(stdout, "%d error(s), %d warning(s)\n", errs, warns)
	}
	if errs > 0 {
		return exitFail
	}
	return exitOK
}

// checkLinks builds the site into a temporary folder and checks its links.
func checkLinks(ctx context.Context, cfg build.Config) entry.ErrorList {
	var errs entry.ErrorList
	dir, err := os.MkdirTemp("", "emine-links-")
	if err != nil {
		errs.Add(entry.Pos{File: "-"}, "io", err.Error(), "")
		return errs
	}
	defer os.RemoveAll(dir)
	cfg.Out = dir + "/site"
	if _, err := build.Build(ctx, cfg); err != nil {
		errs.Add(entry.Pos{File: "-"}, "build", err.Error(), "")
		return errs
	}
	return linkcheck.Dir(cfg.Out)
}

// problem is one line of `-format json`.
type problem struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

func writeProblems(w io.Writer, format string, list entry.ErrorList) error {
	enc := json.NewEncoder(w)
	for _, e := range list {
		switch format {
		case "json":
			if err := enc.Encode(problem{e.Pos.File, e.Pos.Line, e.Pos.Col, e.Severity.String(), e.Rule, e.Msg, e.Hint}); err != nil {
				return err
			}
		case "github":
			msg := e.Msg
			if e.Hint != "" {
				msg += " (" + e.Hint + ")"
			}
			fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", e.Severity, ghEscapeProp(e.Pos.File), max(e.Pos.Line, 1), max(e.Pos.Col, 1), ghEscapeProp(e.Rule), ghEscapeData(msg))
		default:
			fmt.Fprintln(w, e.Error())
		}
	}
	return nil
}

// GitHub's workflow commands need %, CR and LF escaped in messages, and
// also : and , in properties.
func ghEscapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghEscapeProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
