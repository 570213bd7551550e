package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emine-dev/emine/internal/schema"
)

func runCmd(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

func TestUsage(t *testing.T) {
	cases := []struct {
		name     string
		args     []string
		code     int
		out, err string
	}{
		{"no command", nil, 2, "", "Usage: emine <command>"},
		{"unknown command", []string{"publish"}, 2, "", `unknown command "publish"`},
		{"unknown flag", []string{"build", "-fast"}, 2, "", "flag provided but not defined: -fast"},
		{"stray argument", []string{"build", "extra"}, 2, "", `unexpected argument "extra"`},
		{"bad base url", []string{"build", "-base-url", "example.org"}, 2, "", "-base-url"},
		{"version", []string{"version"}, 0, "emine dev", ""},
		{"help", []string{"help"}, 0, "Commands:", ""},
		{"help build", []string{"help", "build"}, 0, "-portable", ""},
		{"build -h", []string{"build", "-h"}, 0, "-base-url", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCmd(tc.args...)
			if code != tc.code || !strings.Contains(out, tc.out) || !strings.Contains(errOut, tc.err) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d with %q / %q", code, out, errOut, tc.code, tc.out, tc.err)
			}
		})
	}
}

// TestSampleDirectory checks and builds the directory this repository
// ships, as `make build` does.
func TestSampleDirectory(t *testing.T) {
	code, out, _ := runCmd("check", "-src", "../..")
	if code != 0 || !strings.Contains(out, "0 error(s), 0 warning(s)") {
		t.Fatalf("check of the sample directory: exit %d\n%s", code, out)
	}
	dir := filepath.Join(t.TempDir(), "public")
	code, out, errOut := runCmd("build", "-src", "../..", "-out", dir)
	if code != 0 {
		t.Fatalf("build: exit %d\n%s%s", code, out, errOut)
	}
	count := func(coll string) int {
		entries, _ := os.ReadDir(filepath.Join(dir, coll))
		n := 0
		for _, e := range entries {
			if e.IsDir() && e.Name() != "page" {
				n++
			}
		}
		return n
	}
	for coll, min := range map[string]int{"projects": 12, "policies": 6, "incentives": 6, "partners": 15} {
		if n := count(coll); n < min {
			t.Errorf("%s: %d entries published, want at least %d", coll, n, min)
		}
	}
}

func TestCheckReportsBrokenEntry(t *testing.T) {
	src := t.TempDir()
	for _, d := range []string{"content/projects", "data/i18n"} {
		os.MkdirAll(filepath.Join(src, d), 0o755)
	}
	write := func(name, s string) { os.WriteFile(filepath.Join(src, name), []byte(s), 0o644) }
	write("data/site.yaml", "title: T\n")
	write("data/minerals.yaml", "copper: {en: Copper}\n")
	write("data/provinces.yaml", "sindh: {en: Sindh}\n")
	write("data/stages.yaml", "production: {en: Production}\n")
	write("data/value-chain.yaml", "mining: {en: Mining}\n")
	write("content/projects/x.md", "---\ntitle: X\nsummary: s\nupdated: 2026-01-01\nminerals: [coper]\nprovince: sindh\nstage: production\nvalue_chain: [mining]\n---\n")
	code, out, _ := runCmd("check", "-src", src)
	if code != 1 || !strings.Contains(out, `content/projects/x.md:5:12: error: minerals[0]: "coper" is not a known data/minerals.yaml key (did you mean "copper"?`) {
		t.Errorf("exit %d:\n%s", code, out)
	}
	code, _, errOut := runCmd("build", "-src", src, "-out", filepath.Join(src, "..", "out"))
	if code != 1 || !strings.Contains(errOut, "nothing was published") {
		t.Errorf("build exit %d:\n%s", code, errOut)
	}
}

func TestCheckFormats(t *testing.T) {
	src := t.TempDir()
	for _, d := range []string{"content/projects", "data/i18n"} {
		os.MkdirAll(filepath.Join(src, d), 0o755)
	}
	write := func(name, s string) { os.WriteFile(filepath.Join(src, name), []byte(s), 0o644) }
	write("data/site.yaml", "title: T\n")
	write("data/minerals.yaml", "copper: {en: Copper}\n")
	write("data/provinces.yaml", "sindh: {en: Sindh}\n")
	write("data/stages.yaml", "production: {en: Production}\n")
	write("data/value-chain.yaml", "mining: {en: Mining}\n")
	write("content/projects/x.md", "---\ntitle: X\nsummary: s\nupdated: 2026-01-01\nminerals: [coper]\nprovince: sindh\nstage: production\nvalue_chain: [mining]\n---\n")
	code, out, _ := runCmd("check", "-src", src, "-format", "github")
	if code != 1 || !strings.HasPrefix(out, "::error file=content/projects/x.md,line=5,col=12,title=unknown-value::minerals[0]: \"coper\"") {
		t.Errorf("github format, exit %d:\n%s", code, out)
	}
	code, out, _ = runCmd("check", "-src", src, "-format", "json")
	if code != 1 || !strings.Contains(out, `"file":"content/projects/x.md","line":5,"column":12,"severity":"error","rule":"unknown-value"`) {
		t.Errorf("json format, exit %d:\n%s", code, out)
	}
	if code, _, errOut := runCmd("check", "-format", "xml"); code != 2 || !strings.Contains(errOut, "-format") {
		t.Errorf("bad format: exit %d %s", code, errOut)
	}
}

// TestGuideMatchesSchema fails when CONTRIBUTING.md's field reference is
// not what the schema and the taxonomies give; run
// `go run ./cmd/emine guide -write CONTRIBUTING.md` and review the diff.
func TestGuideMatchesSchema(t *testing.T) {
	doc, err := os.ReadFile("../../CONTRIBUTING.md")
	if err != nil {
		t.Fatal(err)
	}
	guide, err := fieldGuide("../..")
	if err != nil {
		t.Fatal(err)
	}
	want, err := spliceGuide(doc, guide)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != string(doc) {
		t.Error("CONTRIBUTING.md's field reference is out of date: run go run ./cmd/emine guide -write CONTRIBUTING.md")
	}
	for _, field := range []string{"`minerals`", "`opportunity.seeking`", "`legal_basis`", "`names.zh`", "`sources[].url`"} {
		if !strings.Contains(guide, field) {
			t.Errorf("guide lacks %s", field)
		}
	}
}

func TestNewWritesAnEntryThatOnlyNeedsFilling(t *testing.T) {
	src := t.TempDir()
	os.MkdirAll(filepath.Join(src, "content/projects"), 0o755)
	for _, d := range []string{"data", "templates", "static"} {
		if err := os.CopyFS(filepath.Join(src, d), os.DirFS(filepath.Join("../..", d))); err != nil {
			t.Fatal(err)
		}
	}
	if code, out, errOut := runCmd("new", "projects", "new-mine", "-title", `A "quoted" mine`, "-src", src); code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	// Everything the editor must write is empty, so check names each: an
	// example value would pass, and be published as if it were a fact.
	code, out, _ := runCmd("check", "-src", src)
	for _, want := range []string{"summary is empty", "sources[0].title is empty", "sources[0].url is empty",
		"minerals needs at least 1", "province is empty", "stage is empty", "value_chain needs at least 1",
		"the description is still the one emine new wrote"} {
		if !strings.Contains(out, want) {
			t.Errorf("check of a new project does not say %q; exit %d:\n%s", want, code, out)
		}
	}
	if code != 1 || strings.Count(out, "error:") != 8 {
		t.Errorf("a new project should fail for its 8 empty fields and its placeholder body; exit %d:\n%s", code, out)
	}
	// Filled in, it passes with nothing to report.
	name := filepath.Join(src, "content/projects/new-mine.md")
	data, _ := os.ReadFile(name)
	filled := strings.NewReplacer(
		`summary: ""`, `summary: "A new mine."`,
		`    title: ""`, `    title: "A report"`,
		`url: ""`, `url: https://example.org/report`,
		`minerals: []`, `minerals: [copper]`,
		`province: ""`, `province: balochistan`,
		`stage: ""`, `stage: production`,
		`value_chain: []`, `value_chain: [mining]`,
		schema.SkeletonBody, "A new copper mine.\n",
	).Replace(string(data))
	os.WriteFile(name, []byte(filled), 0o644)
	if code, out, errOut := runCmd("check", "-src", src); code != 0 || !strings.Contains(out, "0 error(s), 0 warning(s)") {
		t.Errorf("the filled-in project: exit %d:\n%s%s", code, out, errOut)
	}
	// Every collection's new entry is well formed: check reports only what
	// is left to write.
	for _, c := range []string{"policies", "incentives", "partners"} {
		if code, out, errOut := runCmd("new", c, "new-"+c, "-src", src); code != 0 {
			t.Fatalf("new %s: exit %d: %s%s", c, code, out, errOut)
		}
	}
	_, out, _ = runCmd("check", "-src", src, "-format", "json")
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.Contains(line, `"rule":"required"`) && !strings.Contains(line, `"rule":"placeholder"`) {
			t.Errorf("a new entry has a problem other than what is left to write: %s", line)
		}
	}
	// Without -title, the title is left to write too.
	if code, out, errOut := runCmd("new", "projects", "untitled", "-src", src); code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	if _, out, _ := runCmd("check", "-src", src); !strings.Contains(out, "untitled.md:2:8: error: title is empty") {
		t.Errorf("a new entry without -title should ask for its title:\n%s", out)
	}
	// An incentive's facts are empty too, not examples.
	if code, out, errOut := runCmd("new", "incentives", "new-relief", "-src", src); code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	_, out, _ = runCmd("check", "-src", src)
	for _, want := range []string{"kind is empty", "benefit is empty", "authority is empty", "jurisdiction is empty"} {
		if !strings.Contains(out, "new-relief.md") || !strings.Contains(out, want) {
			t.Errorf("check of a new incentive does not say %q:\n%s", want, out)
		}
	}
	if code, _, errOut := runCmd("new", "projects", "new-mine", "-src", src); code != 1 || !strings.Contains(errOut, "already exists") {
		t.Errorf("overwrite: exit %d %s", code, errOut)
	}
	if code, _, errOut := runCmd("new", "projects", "New_Mine", "-src", src); code != 2 || !strings.Contains(errOut, "slug") {
		t.Errorf("bad slug: exit %d %s", code, errOut)
	}
	if code, _, _ := runCmd("new", "mines", "x", "-src", src); code != 2 {
		t.Errorf("bad collection: exit %d", code)
	}
}

func TestDiffAgainstARevision(t *testing.T) {
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.email=t@example.org", "-c", "user.name=t"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	for _, d := range []string{"data", "content"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join("../..", d))); err != nil {
			t.Fatal(err)
		}
	}
	git("add", "-A")
	git("commit", "-qm", "base")
	khewra := filepath.Join(dir, "content/projects/khewra-salt-mine.md")
	data, _ := os.ReadFile(khewra)
	os.WriteFile(khewra, []byte(strings.Replace(string(data), "stage: production", "stage: development", 1)), 0o644)
	os.Remove(filepath.Join(dir, "content/partners/ifc.md"))
	gsp, _ := os.ReadFile(filepath.Join(dir, "content/partners/gsp.md"))
	os.WriteFile(filepath.Join(dir, "content/partners/gsp-copy.md"), gsp, 0o644)
	code, out, errOut := runCmd("diff", "-src", dir, "-base", "HEAD")
	want := []string{
		"~ projects/khewra-salt-mine  Khewra Salt Mine\n    stage: production → development\n",
		"+ partners/gsp-copy  ",
		"- partners/ifc  ",
		"1 added, 1 removed, 1 changed against HEAD",
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("diff lacks %q; exit %d:\n%s%s", w, code, out, errOut)
		}
	}
	if code, _, errOut := runCmd("diff", "-src", dir, "-base", "no-such-rev"); code != 1 || !strings.Contains(errOut, "git archive") {
		t.Errorf("bad revision: exit %d %s", code, errOut)
	}
}
