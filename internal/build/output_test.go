package build

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestStageWritesAtEveryDepth writes files at the top, one folder deep and
// several folders deep, through the parents' roots and, once the stage may
// open no more of them, through its own root, and reads each back where it
// belongs; the roots are closed when the stage is published.
func TestStageWritesAtEveryDepth(t *testing.T) {
	names := []string{
		"index.html",
		"projects/index.html",
		"projects/saindak/index.html",
		"projects/reko-diq/index.html",
		"zh/projects/saindak/index.html",
		"zh/minerals/copper/page/2/index.html",
		"ur/partners/pmdc/index.html",
		"data/projects.json",
	}
	for _, limit := range []int{256, 1, 0} {
		out := filepath.Join(t.TempDir(), "public")
		s, err := newStage(out)
		if err != nil {
			t.Fatal(err)
		}
		s.maxParents = limit
		for i, name := range names {
			var err error
			if i%2 == 0 {
				err = s.write(name, []byte(name))
			} else {
				_, err = s.stream(name, func(w io.Writer) error {
					_, err := io.WriteString(w, name)
					return err
				})
			}
			if err != nil {
				t.Fatalf("limit %d: %s: %v", limit, name, err)
			}
		}
		if len(s.parents) > limit {
			t.Errorf("limit %d: %d folders held open", limit, len(s.parents))
		}
		if limit == 256 && len(s.parents) == 0 {
			t.Errorf("no page was written from its parent's root")
		}
		if err := s.publish(); err != nil {
			t.Fatal(err)
		}
		if s.parents != nil {
			t.Errorf("limit %d: %d folders still open after publishing", limit, len(s.parents))
		}
		for _, name := range names {
			got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
			if err != nil || string(got) != name {
				t.Errorf("limit %d: %s holds %q, %v", limit, name, got, err)
			}
		}
	}
}

// TestStageRefusesPathsThatAreNotClean checks that a name leaving the
// folder, absolute, or not in its clean form is refused before anything is
// written, and that a stage given up closes its roots.
func TestStageRefusesPathsThatAreNotClean(t *testing.T) {
	s, err := newStage(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.write("zh/projects/saindak/index.html", nil); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"../escape.html", "/abs.html", "zh/../../escape.html",
		"zh/projects/", "zh/projects/saindak/", "zh/./projects/x/index.html", "zh//projects/x/index.html"} {
		if err := s.write(bad, []byte("x")); err == nil || !strings.Contains(err.Error(), "not a clean local path") {
			t.Errorf("write %q: %v, want a refusal", bad, err)
		}
	}
	if _, err := os.Stat(filepath.Join(s.tmp, "zh", "projects", "projects")); err == nil {
		t.Error("a refused name was written")
	}
	s.cleanup()
	if s.parents != nil {
		t.Errorf("%d folders still open after cleanup", len(s.parents))
	}
}

// TestStageWritesFromManyGoroutines writes pages into shared folders from
// several goroutines at once, with fewer roots allowed than parents, as
// the render workers do (run with -race to check the stage's locking).
func TestStageWritesFromManyGoroutines(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	s, err := newStage(out)
	if err != nil {
		t.Fatal(err)
	}
	s.maxParents = 3
	var names []string
	for _, lang := range []string{"", "zh/", "ur/"} {
		for _, c := range []string{"projects", "partners"} {
			for i := range 20 {
				names = append(names, fmt.Sprintf("%s%s/e-%d/index.html", lang, c, i))
			}
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(names))
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < len(names); i += 8 {
				if err := s.write(names[i], []byte(names[i])); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if len(s.parents) != 3 {
		t.Errorf("%d folders held open, want the limit of 3", len(s.parents))
	}
	if err := s.publish(); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name))); err != nil || string(got) != name {
			t.Errorf("%s holds %q, %v", name, got, err)
		}
	}
}
