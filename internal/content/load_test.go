package content

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/emine-dev/emine/internal/entry"
)

var today = entry.Date{Year: 2026, Month: 11, Day: 25}

// base is a small valid site; cases add or replace files in it.
func base() fstest.MapFS {
	f := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"data/site.yaml":        f("title: Test\nbase_url: https://example.org/\nlanguages:\n  - code: en\n    name: English\n  - code: zh\n    name: 中文\n  - code: ur\n    name: اردو\n"),
		"data/minerals.yaml":    f("copper:\n  en: Copper\n  zh: 铜\n  ur: تانبا\ngold:\n  en: Gold\n"),
		"data/provinces.yaml":   f("balochistan:\n  en: Balochistan\npunjab:\n  en: Punjab\n"),
		"data/stages.yaml":      f("exploration:\n  en: Exploration\nproduction:\n  en: Production\n"),
		"data/value-chain.yaml": f("mining:\n  en: Mining\nprocessing:\n  en: Processing\n"),
		"data/i18n/en.yaml":     f("nav.home: Home\n"),
		"data/i18n/zh.yaml":     f("nav.home: 首页\n"),
		"data/i18n/ur.yaml":     f("nav.home: سرورق\n"),
		"content/partners/acme.md": f(`---
title: Acme Mining
summary: A mining company.
updated: 2026-01-28
country: "PK"
kind: private
sources:
  - title: Source
    url: https://example.org/acme
---
Acme mines.
`),
		"content/policies/rules.md": f(`---
title: Mineral Rules
summary: The rules.
updated: 2026-01-28
kind: rules
authority: acme
jurisdiction: balochistan
issued: "2002-03-08"
status: in-force
sources: [{title: S, url: "https://example.org/r"}]
---
Rules.
`),
		"content/projects/mine.md": f(`---
title: Copper Mine
summary: A copper mine.
updated: 2026-01-28
minerals: [copper]
province: balochistan
stage: production
value_chain: [mining]
operator: acme
policies: [rules]
sources:
  - title: S
    url: https://example.org/m
---
A mine. See [Acme](/partners/acme/).
`),
	}
}

func load(t *testing.T, fsys fstest.MapFS) (*entry.Directory, entry.ErrorList) {
	t.Helper()
	return Load(fsys, Options{Today: today})
}

func TestBaseIsClean(t *testing.T) {
	d, errs := load(t, base())
	if len(errs) != 0 {
		t.Fatalf("base site has problems:\n%v", errs)
	}
	if n := len(d.Entries[entry.Projects]); n != 1 {
		t.Fatalf("projects = %d, want 1", n)
	}
	p := d.Lookup(entry.Projects, "mine")
	if p == nil || p.Project.Operator != "acme" || p.Project.Minerals[0] != "copper" || p.BodyLine != 15 {
		t.Fatalf("project decoded wrong: %+v", p)
	}
	if got := d.Lookup(entry.Policies, "rules").Policy.Issued; got != (entry.Date{Year: 2002, Month: 3, Day: 8}) {
		t.Errorf("issued = %v", got)
	}
}

// projectWith returns the base project with its front matter lines replaced.
func projectWith(replace ...string) string {
	s := string(base()["content/projects/mine.md"].Data)
	for i := 0; i+1 < len(replace); i += 2 {
		if !strings.Contains(s, replace[i]) {
			panic("no " + replace[i])
		}
		s = strings.Replace(s, replace[i], replace[i+1], 1)
	}
	return s
}

// TestRules feeds one broken file per case and asserts the exact position
// and rule of the problem reported.
func TestRules(t *testing.T) {
	const mine = "content/projects/mine.md"
	cases := []struct {
		name     string
		file     string
		src      string
		want     string // "line:col rule"
		severity entry.Severity
	}{
		{"missing required", mine, projectWith("province: balochistan\n", ""), "2:1 required", entry.SeverityError},
		{"list where string expected", mine, projectWith("province: balochistan", "province: [balochistan]"), "6:11 type", entry.SeverityError},
		{"string where list expected", mine, projectWith("minerals: [copper]", "minerals: copper"), "5:11 type", entry.SeverityError},
		{"unknown field", mine, projectWith("stage: production", "stage: production\nstatge: x"), "8:1 unknown-field", entry.SeverityError},
		{"misspelt optional field", "content/incentives/tax.md", "---\ntitle: T\nsummary: s\nupdated: 2026-01-01\nkind: tax-holiday\nbenefit: b\nauthority: acme\njurisdiction: federal\nvalid_untill: 2029-06-30\nsources: [{title: s, url: 'https://e.org/'}]\n---\n", "9:1 unknown-field", entry.SeverityError},
		{"unknown nested field", mine, projectWith("stage: production", "stage: production\ninvestment: {amount: 5, currency: USD, yeer: 2020}"), "8:40 unknown-field", entry.SeverityError},
		{"unknown taxonomy key", mine, projectWith("minerals: [copper]", "minerals: [coper]"), "5:12 unknown-value", entry.SeverityError},
		{"unknown stage", mine, projectWith("stage: production", "stage: producing"), "7:8 unknown-value", entry.SeverityError},
		{"unknown ref", mine, projectWith("operator: acme", "operator: acne"), "9:11 unknown-ref", entry.SeverityError},
		{"bad date", mine, projectWith("updated: 2026-01-28", "updated: 2026-02-30"), "4:10 date", entry.SeverityError},
		{"future updated", mine, projectWith("updated: 2026-01-28", "updated: 2027-01-01"), "4:10 future-date", entry.SeverityError},
		{"title too long", mine, projectWith("title: Copper Mine", "title: "+strings.Repeat("x", 161)), "2:8 too-long", entry.SeverityError},
		{"summary too long", mine, projectWith("summary: A copper mine.", "summary: "+strings.Repeat("é", 301)), "3:10 too-long", entry.SeverityError},
		{"url not absolute", mine, projectWith("url: https://example.org/m", "url: example.org/m"), "13:10 url", entry.SeverityError},
		{"javascript url", mine, projectWith("url: https://example.org/m", "url: javascript:alert(1)"), "13:10 url", entry.SeverityError},
		{"no sources", mine, projectWith("sources:\n  - title: S\n    url: https://example.org/m\n", ""), "2:0 no-sources", entry.SeverityWarning},
		{"location outside Pakistan", mine, projectWith("stage: production", "stage: production\nlocation: {lat: 40.1, lon: 70}"), "8:17 range", entry.SeverityError},
		{"duplicate field", mine, projectWith("stage: production", "stage: production\nstage: exploration"), "8:1 duplicate-field", entry.SeverityError},
		{"yaml alias", mine, projectWith("minerals: [copper]", "minerals: &m [copper]"), "5:11 yaml-alias", entry.SeverityError},
		{"yaml syntax", mine, projectWith("stage: production", "stage: production: x"), "7:0 yaml", entry.SeverityError},
		{"unclosed front matter", mine, "---\ntitle: x\n", "1:0 front-matter", entry.SeverityError},
		{"no front matter", mine, "title: x\n", "1:0 front-matter", entry.SeverityError},
		{"bad bool", mine, projectWith("stage: production", "stage: production\ndraft: yes"), "8:8 type", entry.SeverityError},
		{"bad slug", "content/projects/Bad_Slug.md", projectWith(), "0:0 slug", entry.SeverityError},
		{"md and yaml of one slug", "content/projects/mine.yaml", "title: Copper Mine\nsummary: s\nupdated: 2026-01-28\nminerals: [copper]\nprovince: punjab\nstage: production\nvalue_chain: [mining]\nsources: [{title: s, url: 'https://e.org/'}]\n", "1:0 duplicate-slug", entry.SeverityError},
		{"orphan translation", "content/projects/ghost.zh.md", "---\ntitle: 鬼\n---\n", "1:0 orphan-translation", entry.SeverityError},
		{"translation repeats a field", "content/projects/mine.zh.md", "---\ntitle: 铜矿\nprovince: punjab\n---\n", "3:1 translation-field", entry.SeverityError},
		{"translation unknown language", "content/projects/mine.fr.md", "---\ntitle: Mine\n---\n", "1:0 unknown-language", entry.SeverityError},
		{"expires before granted", mine, projectWith("stage: production", "stage: production\nlicense: {granted: 2020-01-01, expires: 2019-01-01}"), "8:41 date-order", entry.SeverityError},
		{"effective before issued", "content/policies/rules.md", strings.Replace(string(base()["content/policies/rules.md"].Data), "status: in-force", "status: in-force\neffective: 2001-01-01", 1), "10:12 date-order", entry.SeverityError},
		{"valid_until before valid_from", "content/incentives/tax.md", "---\ntitle: T\nsummary: s\nupdated: 2026-01-01\nkind: tax-holiday\nbenefit: b\nauthority: acme\njurisdiction: federal\nvalid_from: 2020-01-01\nvalid_until: 2019-06-30\nsources: [{title: s, url: 'https://e.org/'}]\n---\n", "10:14 date-order", entry.SeverityError},
		{"country code", "content/partners/acme.md", strings.Replace(string(base()["content/partners/acme.md"].Data), `"PK"`, "Pakistan", 1), "5:10 country", entry.SeverityError},
		{"NUL byte", mine, "---\ntitle: a\x00b\n---\n", "2:9 encoding", entry.SeverityError},
		{"invalid UTF-8", mine, "---\ntitle: a\xffb\n---\n", "2:9 encoding", entry.SeverityError},
		{"file that is not an entry", "content/projects/notes.txt", "hello", "0:0 not-entry", entry.SeverityWarning},
		{"body field in md", mine, projectWith("stage: production", "stage: production\nbody: text"), "8:1 body-field", entry.SeverityError},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := base()
			fsys[tc.file] = &fstest.MapFile{Data: []byte(tc.src)}
			_, errs := load(t, fsys)
			var got []string
			for _, e := range errs {
				s := fmt.Sprintf("%d:%d %s", e.Pos.Line, e.Pos.Col, e.Rule)
				if s == tc.want && e.Pos.File == tc.file && e.Severity == tc.severity {
					return
				}
				got = append(got, e.Error()+" ["+e.Rule+"]")
			}
			t.Errorf("want %s:%s (%v); got:\n%s", tc.file, tc.want, tc.severity, strings.Join(got, "\n"))
		})
	}
}

// TestUnknownFieldHints checks what an editor is told about a field the
// contract does not have: the field meant, when one is near, and otherwise
// the fields there are, and where a note can go.
func TestUnknownFieldHints(t *testing.T) {
	for _, tc := range []struct{ field, want string }{
		{"statge: x", `did you mean "stage"?`},
		{"notes_for_editors: x", "the fields here are title, summary, updated, sources, draft, minerals, province"},
		{"notes_for_editors: x", "# comment"},
	} {
		fsys := base()
		fsys["content/projects/mine.md"] = &fstest.MapFile{Data: []byte(projectWith("stage: production", "stage: production\n"+tc.field))}
		_, errs := load(t, fsys)
		found := false
		for _, e := range errs {
			if e.Rule == "unknown-field" && e.Severity == entry.SeverityError && strings.Contains(e.Hint, tc.want) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: want an unknown-field error whose hint has %q; got:\n%v", tc.field, tc.want, errs)
		}
	}
}

// TestEmptyAndSchemelessValuesSayWhatIsWrong checks the messages a
// newcomer's trial found unhelpful: an empty reference read as a badly
// written slug, and an address without https:// was told twice, once as if
// it were a link that could be a site path.
func TestEmptyAndSchemelessValuesSayWhatIsWrong(t *testing.T) {
	for _, tc := range []struct{ from, to, rule, msg, hint string }{
		{"operator: acme", `operator: ""`, "empty", "operator is empty", "fill it in or delete it"},
		{"stage: production", `stage: ""`, "required", "stage is empty", "one of: exploration, production"},
		{"url: https://example.org/m", "url: example.org/m", "url", `"example.org/m" is not a full web address`, "write a full address starting with https://"},
	} {
		fsys := base()
		fsys["content/projects/mine.md"] = &fstest.MapFile{Data: []byte(projectWith(tc.from, tc.to))}
		_, errs := load(t, fsys)
		if len(errs) != 1 || errs[0].Rule != tc.rule || !strings.HasSuffix(errs[0].Msg, tc.msg) || errs[0].Hint != tc.hint {
			t.Errorf("%s: want one %s error %q (%s); got:\n%v", tc.to, tc.rule, tc.msg, tc.hint, errs)
		}
		if strings.Contains(errs.Error(), "slug") || strings.Contains(errs.Error(), "site path") {
			t.Errorf("%s: the message speaks of slugs or site paths: %v", tc.to, errs)
		}
	}
	fsys := base()
	fsys["content/incentives/tax.md"] = &fstest.MapFile{Data: []byte("---\ntitle: T\nsummary: s\nupdated: 2026-01-01\nkind: tax-holiday\nbenefit: b\nauthority: \"\"\njurisdiction: federal\nsources: [{title: s, url: 'https://e.org/'}]\n---\n")}
	_, errs := load(t, fsys)
	if len(errs) != 1 || errs[0].Rule != "required" || errs[0].Pos.Line != 7 || !strings.Contains(errs[0].Msg, "authority is empty") {
		t.Errorf(`authority: "": want one required error at line 7; got:\n%v`, errs)
	}
}

func TestBOMAndCRLFReadTheSame(t *testing.T) {
	lf := base()
	src := string(lf["content/projects/mine.md"].Data)
	crlf := base()
	crlf["content/projects/mine.md"] = &fstest.MapFile{Data: []byte("\ufeff" + strings.ReplaceAll(src, "\n", "\r\n"))}
	a, errsA := load(t, lf)
	b, errsB := load(t, crlf)
	if len(errsA)+len(errsB) != 0 {
		t.Fatalf("problems: %v / %v", errsA, errsB)
	}
	ea, eb := a.Lookup(entry.Projects, "mine"), b.Lookup(entry.Projects, "mine")
	if ea.Title != eb.Title || ea.Body != eb.Body || ea.BodyLine != eb.BodyLine {
		t.Fatalf("CRLF+BOM differs: %q/%q %q/%q", ea.Title, eb.Title, ea.Body, eb.Body)
	}
}

func TestCountryNOStaysAString(t *testing.T) {
	fsys := base()
	fsys["content/partners/acme.md"].Data = []byte(strings.Replace(string(fsys["content/partners/acme.md"].Data), `"PK"`, "NO", 1))
	d, errs := load(t, fsys)
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	if c := d.Lookup(entry.Partners, "acme").Partner.Country; c != "NO" {
		t.Fatalf("country = %q, want NO", c)
	}
}

func TestDraftsAreLeftOut(t *testing.T) {
	fsys := base()
	fsys["content/partners/other.md"] = &fstest.MapFile{Data: []byte("---\ntitle: O\nsummary: s\nupdated: 2026-01-01\ncountry: \"CN\"\nkind: private\ndraft: true\nsources: [{title: s, url: 'https://e.org/'}]\n---\n")}
	d, _ := load(t, fsys)
	if d.Lookup(entry.Partners, "other") != nil {
		t.Error("draft published without -drafts")
	}
	d, _ = Load(fsys, Options{Today: today, Drafts: true})
	if d.Lookup(entry.Partners, "other") == nil {
		t.Error("draft missing with -drafts")
	}
}

func TestTranslationAttachesAndStale(t *testing.T) {
	fsys := base()
	fsys["content/projects/mine.zh.md"] = &fstest.MapFile{Data: []byte("---\ntitle: 铜矿\nupdated: 2025-01-01\ndistrict: 查盖\n---\n正文\n")}
	d, errs := load(t, fsys)
	tr := d.Lookup(entry.Projects, "mine").Translations["zh"]
	if tr == nil || tr.Title != "铜矿" || tr.District != "查盖" || tr.Body != "正文\n" {
		t.Fatalf("translation = %+v", tr)
	}
	found := false
	for _, e := range errs {
		found = found || (e.Rule == "stale-translation" && e.Pos.File == "content/projects/mine.zh.md")
	}
	if !found {
		t.Errorf("stale translation not reported: %v", errs)
	}
}

func TestMissingInterfaceStringWarns(t *testing.T) {
	fsys := base()
	fsys["data/i18n/en.yaml"].Data = []byte("nav.home: Home\nnav.search: Search\n")
	_, errs := load(t, fsys)
	n := 0
	for _, e := range errs {
		if e.Rule == "missing-string" && e.Severity == entry.SeverityWarning {
			n++
		}
	}
	if n != 2 {
		t.Errorf("missing-string warnings = %d, want 2 (zh and ur): %v", n, errs)
	}
}

func TestUnknownFieldSuggestsTheNearest(t *testing.T) {
	fsys := base()
	fsys["content/projects/mine.md"].Data = []byte(projectWith("stage: production", "stage: production\nvalue_chian: [mining]"))
	_, errs := load(t, fsys)
	for _, e := range errs {
		if e.Rule == "unknown-field" && e.Pos.Line == 8 && e.Hint == `did you mean "value_chain"?` {
			return
		}
	}
	t.Errorf("no suggestion for value_chian: %v", errs)
}

func TestSymlinksAreErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, base()); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "secret.yaml")
	os.WriteFile(outside, []byte("copper: {en: Copper}\n"), 0o644)
	for _, link := range []string{"data/i18n/zh.yaml", "content/partners/link.md", "data/secret.yaml"} {
		os.Remove(filepath.Join(dir, link))
		if err := os.Symlink(outside, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	_, errs := Load(os.DirFS(dir), Options{Today: today})
	found := map[string]bool{}
	for _, e := range errs {
		if e.Rule == "symlink" {
			found[e.Pos.File] = true
		}
	}
	for _, want := range []string{"data/i18n/zh.yaml", "content/partners/link.md", "data/secret.yaml"} {
		if !found[want] {
			t.Errorf("symlink %s not reported: %v", want, errs)
		}
	}
}

func TestOversizedFileIsAnError(t *testing.T) {
	fsys := base()
	fsys["content/partners/big.md"] = &fstest.MapFile{Data: []byte("---\ntitle: x\n---\n" + strings.Repeat("a", MaxFileSize))}
	_, errs := load(t, fsys)
	for _, e := range errs {
		if e.Pos.File == "content/partners/big.md" && strings.Contains(e.Msg, "the limit is") {
			return
		}
	}
	t.Errorf("no error for a file over %d bytes: %v", MaxFileSize, errs)
}

// TestLeftBodiesReadAsHeld loads a directory holding its bodies and again
// leaving them in their files, with a translation and a file saved with a
// byte-order mark and CRLF line endings: every body left must read back as
// the body held, and one whose file changed since must be refused.
func TestLeftBodiesReadAsHeld(t *testing.T) {
	fsys := base()
	src := string(fsys["content/projects/mine.md"].Data)
	fsys["content/projects/mine.md"] = &fstest.MapFile{Data: []byte("\ufeff" + strings.ReplaceAll(src, "\n", "\r\n"))}
	fsys["content/projects/mine.zh.md"] = &fstest.MapFile{Data: []byte("---\ntitle: 铜矿\nupdated: 2026-01-01\n---\n正文\n")}
	// A free page saved on Windows, a partner without a body, and one in
	// YAML, whose body is a field and stays held.
	fsys["content/pages/about.md"] = &fstest.MapFile{Data: []byte("\ufeff---\r\ntitle: About\r\nsummary: s\r\nupdated: 2026-01-01\r\n---\r\nWho we are.\r\n")}
	fsys["content/partners/quiet.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Quiet\nsummary: s\nupdated: 2026-01-01\ncountry: \"PK\"\nkind: private\nsources: [{title: s, url: 'https://e.org/'}]\n---\n")}
	fsys["content/partners/yml.yaml"] = &fstest.MapFile{Data: []byte("title: Yml\nsummary: s\nupdated: 2026-01-01\ncountry: \"CN\"\nkind: private\nsources: [{title: s, url: 'https://e.org/'}]\nbody: |\n  Held text.\n")}
	held, errs := Load(fsys, Options{Today: today})
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	left, errs := Load(fsys, Options{Today: today, LeaveBodies: true})
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	n := 0
	all := map[*entry.Entry]*entry.Entry{held.Pages[0]: left.Pages[0]}
	for c, list := range held.Entries {
		for _, h := range list {
			all[h] = left.Lookup(c, h.Slug)
		}
	}
	for h, l := range all {
		yamlBody := strings.HasSuffix(h.File, ".yaml")
		if l.HasBody() != h.HasBody() || (l.Body != "") != yamlBody || (l.Left.At > 0) != (h.Body != "" && !yamlBody) {
			t.Errorf("%s: left body %q (at %d), held %q", h.File, l.Body, l.Left.At, h.Body)
		}
		if got, err := left.Body(l.BodySource()); err != nil || got != h.Body {
			t.Errorf("%s: body read back as %q (%v), want %q", h.File, got, err, h.Body)
		}
		n++
		for lang, ht := range h.Translations {
			lt := l.Translations[lang]
			if got, err := left.Body(lt.BodySource()); err != nil || got != ht.Body || lt.Left.At == 0 {
				t.Errorf("%s: body read back as %q (%v), want %q", ht.File, got, err, ht.Body)
			}
			n++
		}
	}
	if n < 7 {
		t.Fatalf("only %d bodies compared", n)
	}
	if h := held.Lookup(entry.Partners, "quiet"); h.HasBody() {
		t.Errorf("a file ending with its front matter has the body %q", h.Body)
	}
	if h := held.Lookup(entry.Partners, "yml"); h.Body != "Held text.\n" {
		t.Errorf("the YAML entry's body is %q", h.Body)
	}
	mine := left.Lookup(entry.Projects, "mine")
	fsys["content/projects/mine.md"] = &fstest.MapFile{Data: []byte(strings.Replace(src, "\n---\n", "\n---\nedited ", 1))}
	got, errs := left.Body(mine.BodySource())
	if len(errs) != 1 || errs[0].Pos.File != mine.File || errs[0].Pos.Line != mine.BodyLine || errs[0].Msg != errChanged.Error() {
		t.Errorf("a body whose file changed read back as %q (%v), want errChanged at %s:%d", got, errs, mine.File, mine.BodyLine)
	}
}
