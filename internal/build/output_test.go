package build

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStageWritesAtEveryDepth writes files at the top, one folder deep and
// several folders deep, through the parents' roots and, once the stage may
// open no more of them, through its own root, and reads each back where it
// belongs.
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
		for _, name := range names {
			got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
			if err != nil || string(got) != name {
				t.Errorf("limit %d: %s holds %q, %v", limit, name, got, err)
			}
		}
		for _, bad := range []string{"../escape.html", "/abs.html", "zh/../../escape.html"} {
			s2, err := newStage(filepath.Join(t.TempDir(), "public"))
			if err != nil {
				t.Fatal(err)
			}
			if err := s2.write(bad, nil); err == nil || !strings.Contains(err.Error(), "not local") {
				t.Errorf("write %s: %v, want a refusal", bad, err)
			}
			s2.cleanup()
		}
	}
}
