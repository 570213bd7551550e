package link

import "testing"

func TestCheck(t *testing.T) {
	cases := []struct {
		in   string
		kind Kind
		ok   bool
	}{
		{"https://example.org/a", External, true},
		{"HTTP://example.org", External, true},
		{"mailto:info@example.org", Mail, true},
		{"/projects/saindak/", Site, true},
		{"#figures", Fragment, true},
		{"javascript:alert(1)", 0, false},
		{"JaVaScRiPt:alert(1)", 0, false},
		{"java\tscript:alert(1)", 0, false},
		{"java\x00script:alert(1)", 0, false},
		{" javascript:alert(1)", 0, false},
		{"vbscript:x", 0, false},
		{"data:text/html,<script>", 0, false},
		{"//evil.example/x", 0, false},
		{`/\evil.example`, 0, false},
		{"https://", 0, false},
		{"mailto:", 0, false},
		{"relative/path", 0, false},
		{"", 0, false},
	}
	for _, c := range cases {
		_, kind, err := Check(c.in)
		if (err == nil) != c.ok || (c.ok && kind != c.kind) {
			t.Errorf("Check(%q) = kind %v, err %v; want ok=%v kind %v", c.in, kind, err, c.ok, c.kind)
		}
	}
}

func TestCheckAbsolute(t *testing.T) {
	for _, ok := range []string{"https://example.org/", "http://x.org/a?b=c"} {
		if err := CheckAbsolute(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"/projects/", "mailto:a@b.org", "example.org", "https://x.org/a b", "javascript:x"} {
		if CheckAbsolute(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestParseSitePath(t *testing.T) {
	cases := []struct {
		in   string
		want SitePath
		ok   bool
	}{
		{"/", SitePath{}, true},
		{"/projects/", SitePath{Section: "projects"}, true},
		{"/projects/saindak/", SitePath{Section: "projects", Slug: "saindak"}, true},
		{"/projects/saindak", SitePath{Section: "projects", Slug: "saindak"}, true},
		{"/projects/saindak/index.html#x", SitePath{Section: "projects", Slug: "saindak", Fragment: "x"}, true},
		{"/projects/../etc/", SitePath{}, false},
		{"/a/b/c/", SitePath{}, false},
		{"/search/?q=x", SitePath{}, false},
	}
	for _, c := range cases {
		got, ok := ParseSitePath(c.in)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("ParseSitePath(%q) = %+v, %v", c.in, got, ok)
		}
	}
}
