package main

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/emine-dev/emine/internal/content"
	"github.com/emine-dev/emine/internal/entry"
)

func runDiff(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	src := fs.String("src", ".", "the site `folder` (a git work tree)")
	base := fs.String("base", "HEAD", "the git `revision` to compare with, e.g. origin/main")
	format := fs.String("format", "text", "output `format`: text or markdown (for a pull request's summary)")
	if code := parse(fs, args, stdout, stderr, "emine diff [-src DIR] [-base REV] [-format text|markdown]"); code >= 0 {
		return code
	}
	if *format != "text" && *format != "markdown" {
		fmt.Fprintf(stderr, "emine diff: -format %q: use text or markdown\n", *format)
		return exitUsage
	}
	old, err := loadRevision(ctx, *src, *base)
	if err != nil {
		fmt.Fprintf(stderr, "emine diff: %v\n", err)
		return exitFail
	}
	cur, _ := content.Load(os.DirFS(*src), content.Options{Drafts: true})
	changes := diffDirs(old, cur)
	writeDiff(stdout, *format, *base, changes)
	return exitOK
}

// loadRevision reads content/ and data/ as they were at rev.
func loadRevision(ctx context.Context, dir, rev string) (*entry.Directory, error) {
	cmd := exec.CommandContext(ctx, "git", "-C", dir, "archive", "--format=tar", rev)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("git archive %s: %v: %s", rev, err, strings.TrimSpace(errb.String()))
	}
	tmp, err := os.MkdirTemp("", "emine-diff-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	root, err := os.OpenRoot(tmp)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	tr := tar.NewReader(&out)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if h.Typeflag != tar.TypeReg || !filepath.IsLocal(h.Name) ||
			!(strings.HasPrefix(h.Name, "content/") || strings.HasPrefix(h.Name, "data/")) {
			continue
		}
		if err := root.MkdirAll(filepath.Dir(h.Name), 0o755); err != nil {
			return nil, err
		}
		data, err := io.ReadAll(io.LimitReader(tr, content.MaxFileSize+1))
		if err != nil {
			return nil, err
		}
		if err := root.WriteFile(h.Name, data, 0o644); err != nil {
			return nil, err
		}
	}
	d, _ := content.Load(os.DirFS(tmp), content.Options{Drafts: true})
	return d, nil
}

// change is what a pull request does to one entry.
type change struct {
	kind   byte // '+', '-', '~'
	path   string
	title  string
	fields []string
}

// flatten turns an entry into field path → value, translations included.
func flatten(e *entry.Entry) map[string]string {
	out := map[string]string{"title": e.Title, "summary": e.Summary, "updated": e.Updated.String(),
		"draft": fmt.Sprint(e.Draft), "body": e.Body}
	for i, s := range e.Sources {
		out[fmt.Sprintf("sources[%d]", i)] = s.Title + " <" + s.URL + ">"
	}
	var fields any
	switch {
	case e.Project != nil:
		fields = e.Project
	case e.Policy != nil:
		fields = e.Policy
	case e.Incentive != nil:
		fields = e.Incentive
	case e.Partner != nil:
		fields = e.Partner
	}
	if fields != nil {
		var m map[string]any
		data, _ := json.Marshal(fields)
		json.Unmarshal(data, &m)
		flattenInto(out, "", m)
	}
	for lang, t := range e.Translations {
		pre := lang + "."
		out[pre+"title"], out[pre+"summary"], out[pre+"body"], out[pre+"updated"] = t.Title, t.Summary, t.Body, t.Updated.String()
	}
	return out
}

func flattenInto(out map[string]string, prefix string, v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			flattenInto(out, prefix+k+".", x)
		}
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = fmt.Sprint(x)
		}
		out[strings.TrimSuffix(prefix, ".")] = strings.Join(parts, ", ")
	default:
		out[strings.TrimSuffix(prefix, ".")] = fmt.Sprint(v)
	}
}

func diffDirs(old, cur *entry.Directory) []change {
	var out []change
	for _, c := range entry.Collections {
		index := func(d *entry.Directory) map[string]*entry.Entry {
			m := map[string]*entry.Entry{}
			if d != nil {
				for _, e := range d.Entries[c] {
					m[e.Slug] = e
				}
			}
			return m
		}
		before, after := index(old), index(cur)
		var slugs []string
		for s := range before {
			slugs = append(slugs, s)
		}
		for s := range after {
			if _, ok := before[s]; !ok {
				slugs = append(slugs, s)
			}
		}
		sort.Strings(slugs)
		for _, slug := range slugs {
			a, b := before[slug], after[slug]
			path := string(c) + "/" + slug
			switch {
			case a == nil:
				out = append(out, change{'+', path, b.Title, nil})
			case b == nil:
				out = append(out, change{'-', path, a.Title, nil})
			default:
				fa, fb := flatten(a), flatten(b)
				var keys []string
				for k := range fa {
					keys = append(keys, k)
				}
				for k := range fb {
					if _, ok := fa[k]; !ok {
						keys = append(keys, k)
					}
				}
				sort.Strings(keys)
				var fields []string
				for _, k := range keys {
					if fa[k] == fb[k] {
						continue
					}
					if strings.HasSuffix(k, "body") {
						fields = append(fields, k+": text changed")
						continue
					}
					fields = append(fields, fmt.Sprintf("%s: %s → %s", k, show(fa[k]), show(fb[k])))
				}
				if len(fields) > 0 {
					out = append(out, change{'~', path, b.Title, fields})
				}
			}
		}
	}
	return out
}

func show(s string) string {
	if s == "" {
		return "(none)"
	}
	if r := []rune(s); len(r) > 120 {
		return string(r[:117]) + "…"
	}
	return s
}

func writeDiff(w io.Writer, format, base string, changes []change) {
	var added, removed, changed int
	for _, c := range changes {
		switch c.kind {
		case '+':
			added++
		case '-':
			removed++
		default:
			changed++
		}
	}
	if format == "markdown" {
		fmt.Fprintf(w, "### Directory changes against `%s`\n\n%d added, %d removed, %d changed.\n\n", base, added, removed, changed)
		for _, c := range changes {
			word := map[byte]string{'+': "added", '-': "removed", '~': "changed"}[c.kind]
			fmt.Fprintf(w, "- **%s** `%s` — %s\n", word, c.path, c.title)
			for _, f := range c.fields {
				fmt.Fprintf(w, "  - %s\n", f)
			}
		}
		return
	}
	for _, c := range changes {
		fmt.Fprintf(w, "%c %s  %s\n", c.kind, c.path, c.title)
		for _, f := range c.fields {
			fmt.Fprintf(w, "    %s\n", f)
		}
	}
	fmt.Fprintf(w, "%d added, %d removed, %d changed against %s\n", added, removed, changed, base)
}
