package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func snapshot(t *testing.T, root string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		m[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func same(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// TestKilledBuildLeavesThePublishedSite kills `emine build` with SIGKILL at
// moments spread over its run: the output folder is then always, whole,
// either the previous site or the new one, never missing or mixed, and the
// next build clears what the killed one left behind.
func TestKilledBuildLeavesThePublishedSite(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "emine")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	src := filepath.Join(dir, "site")
	for _, d := range []string{"content", "data", "templates", "static"} {
		if err := os.CopyFS(filepath.Join(src, d), os.DirFS(filepath.Join("../..", d))); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "public")
	run := func() {
		if b, err := exec.Command(bin, "build", "-src", src, "-out", out).CombinedOutput(); err != nil {
			t.Fatalf("build: %v\n%s", err, b)
		}
	}
	run()
	old := snapshot(t, out)
	// The next build differs: every page shows the new title.
	site := filepath.Join(src, "data/i18n/en.yaml")
	data, _ := os.ReadFile(site)
	os.WriteFile(site, bytes.Replace(data, []byte(`site.title: "Pak–China Mineral Investment Directory"`), []byte(`site.title: "Renamed Directory"`), 1), 0o644)
	start := time.Now()
	run()
	full := time.Since(start)
	fresh := snapshot(t, out)
	if same(old, fresh) {
		t.Fatal("the second build should differ from the first")
	}
	os.RemoveAll(out)
	run()
	os.WriteFile(site, data, 0o644) // back to the old title: builds now write "old"
	os.RemoveAll(out)
	run()
	for i := range 8 {
		before := snapshot(t, out)
		os.WriteFile(site, bytes.Replace(data, []byte(`site.title: "Pak–China Mineral Investment Directory"`), []byte(`site.title: "Renamed Directory"`), i%2), 0o644)
		cmd := exec.Command(bin, "build", "-src", src, "-out", out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(full * time.Duration(i+1) / 9)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		after := snapshot(t, out)
		if !same(after, before) && !same(after, old) && !same(after, fresh) {
			t.Fatalf("kill %d: the output is neither the previous site nor a whole new one (%d files)", i, len(after))
		}
		run() // clears the killed build's staging folder and publishes
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "emine" && e.Name() != "site" && e.Name() != "public" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}
