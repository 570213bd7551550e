// Package devserver watches a site's source and rebuilds it whenever a file
// changes: `emine serve` serves the result over HTTP with live reload, and
// `emine build -watch` rebuilds into the output folder for another server.
//
// It sits outside the build pipeline: it calls build.Build, which knows
// nothing of watching. Each rebuild is swapped in atomically by the build,
// so a reader never sees a half-written site, and a failed rebuild leaves
// the last good one in place.
package devserver

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Debounce is how long the watcher waits after the last event of a burst
// (an editor's save, a git checkout) before it rebuilds.
const Debounce = 50 * time.Millisecond

// watched lists the folders of a site whose changes trigger a rebuild.
var watched = []string{"content", "data", "templates", "static"}

// Ignored reports whether a file name is an editor's temporary or backup
// file, or hidden, and so never triggers a rebuild.
func Ignored(name string) bool {
	base := filepath.Base(name)
	return strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") ||
		strings.HasSuffix(base, ".swx") || strings.HasSuffix(base, ".tmp") || base == "4913" || strings.HasPrefix(base, "#")
}

// Change describes one debounced burst of changes.
type Change struct {
	// Paths are the changed files, relative to the site, slash-separated.
	Paths []string
	// CSSOnly is set when every changed file is a stylesheet.
	CSSOnly bool
}

// ChangedPaths returns the paths for build.Builder.Build: nil, meaning
// "read everything", for the first build and after lost events.
func (c Change) ChangedPaths() []string {
	if len(c.Paths) == 0 || slices.Contains(c.Paths, overflow) {
		return nil
	}
	return c.Paths
}

const overflow = "(overflow)"

// Watch watches the site folder src and calls rebuild once per burst of
// changes, until ctx is done. New folders are watched as they appear.
func Watch(ctx context.Context, src string, rebuild func(Change)) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	add := func(root string) {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				if p != root && Ignored(p) {
					return fs.SkipDir
				}
				w.Add(p)
			}
			return nil
		})
	}
	for _, d := range watched {
		add(filepath.Join(src, d))
	}
	w.Add(src) // to see a watched folder created or removed
	var timer *time.Timer
	fire := make(chan struct{}, 1)
	pending := map[string]bool{}
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-w.Errors:
			// An overflow (a checkout of thousands of files) loses events:
			// rebuild everything. Other errors are passing; keep watching.
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				pending[overflow] = true
				if timer == nil {
					timer = time.AfterFunc(Debounce, func() { fire <- struct{}{} })
				}
			}
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			rel, err := filepath.Rel(src, ev.Name)
			if err != nil || Ignored(ev.Name) {
				continue
			}
			rel = filepath.ToSlash(rel)
			top, _, _ := strings.Cut(rel, "/")
			if !isWatched(top) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					add(ev.Name)
				}
			}
			pending[rel] = true
			if timer == nil {
				timer = time.AfterFunc(Debounce, func() { fire <- struct{}{} })
			} else {
				timer.Reset(Debounce)
			}
		case <-fire:
			timer = nil
			if len(pending) == 0 {
				continue // a second fire of a timer reset as it went off
			}
			c := Change{CSSOnly: true}
			for p := range pending {
				c.Paths = append(c.Paths, p)
				if !strings.HasSuffix(p, ".css") {
					c.CSSOnly = false
				}
			}
			clear(pending)
			rebuild(c)
		}
	}
}

func isWatched(top string) bool {
	for _, d := range watched {
		if d == top {
			return true
		}
	}
	return false
}
