package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// generate writes the whole corpus into cfg.out.
func generate(cfg config) (stats, error) {
	var st stats
	if err := checkEmpty(cfg.out); err != nil {
		return st, err
	}
	g, err := newGenerator(cfg.seed)
	if err != nil {
		return st, fmt.Errorf("embedded data: %w", err)
	}
	g.plan(cfg.n)
	w := writer{root: cfg.out, trees: cfg.hugo}

	for _, it := range g.partners {
		w.entry(it, g.partner)
	}
	for i, it := range g.policies {
		w.entry(it, func(it *item) ([]byte, []byte) { return g.policy(it, i) })
	}
	for _, it := range g.incentives {
		w.entry(it, g.incentive)
	}
	for _, it := range g.projects {
		w.entry(it, g.project)
	}
	st = stats{projects: len(g.projects), partners: len(g.partners), policies: len(g.policies),
		incentives: len(g.incentives), translations: w.translations}

	w.copyFS(sitedata, "sitedata", "data")
	for _, dir := range []string{"templates", "static", "data/i18n"} {
		src := filepath.Join(cfg.siteFrom, filepath.FromSlash(dir))
		if _, err := os.Stat(src); err != nil {
			return st, fmt.Errorf("-site-from: %w", err)
		}
		w.copyFS(os.DirFS(src), ".", dir)
	}
	if cfg.hugo {
		w.hugo()
	}
	return st, w.err
}

// checkEmpty refuses an output folder that holds anything, so a mistyped
// -out never mixes a corpus into a real site.
func checkEmpty(dir string) error {
	list, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(list) > 0 {
		return fmt.Errorf("%s is not empty; remove it or choose another -out", dir)
	}
	return nil
}

// writer puts files under root and keeps the first error, so the callers
// read as a list of files to write.
type writer struct {
	root         string
	err          error
	translations int
	// trees writes each entry's pages for hugo-trees.toml too.
	trees bool
}

func (w *writer) write(rel string, data []byte) {
	if w.err != nil {
		return
	}
	p := filepath.Join(w.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		w.err = err
		return
	}
	w.err = os.WriteFile(p, data, 0o644)
}

// entry generates one entry with gen and writes it and its translation.
func (w *writer) entry(it *item, gen func(*item) (en, zh []byte)) {
	en, zh := gen(it)
	w.write(entryPath(it, ""), en)
	if zh != nil {
		w.write(entryPath(it, "zh"), zh)
		w.translations++
	}
	if w.trees {
		w.hugoTrees(it, en, zh)
	}
}

// copyFS copies the tree under dir of fsys to dst. fs.WalkDir visits names
// in lexical order, so the copy is deterministic.
func (w *writer) copyFS(fsys fs.FS, dir, dst string) {
	if w.err != nil {
		return
	}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, dir), "/")
		w.write(dst+"/"+rel, data)
		return w.err
	})
	if err != nil && w.err == nil {
		w.err = fmt.Errorf("copy %s: %w", dst, err)
	}
}
