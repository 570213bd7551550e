package linkcheck

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestFS(t *testing.T) {
	site := fstest.MapFS{
		"index.html":          {Data: []byte(`<a href="projects/">p</a> <a href="projects/a/#facts">f</a> <img src="logo.svg"> <a href="https://x.org/">x</a>`)},
		"projects/index.html": {Data: []byte(`<a href="../">home</a> <a href="a/">a</a> <a href="b/">missing</a>`)},
		"projects/a/index.html": {Data: []byte(`<h2 id="facts">F</h2> <a href="#nowhere">bad anchor</a> <a href="/projects/">abs</a>
<a href="../../../etc/passwd">escape</a>`)},
		"logo.svg": {Data: []byte(`<svg/>`)},
		"404.html": {Data: []byte(`<a href="/x/">ignored</a>`)},
	}
	errs := FS(site)
	var got []string
	for _, e := range errs {
		got = append(got, e.Pos.String()+" "+e.Msg)
	}
	want := []string{
		`projects/a/index.html:1:32 link "#nowhere": projects/a/index.html has no id "nowhere"`,
		`projects/a/index.html:1:66 link "/projects/" is root-absolute; it breaks under a sub-path`,
		`projects/a/index.html:2:10 link "../../../etc/passwd" leaves the site`,
		`projects/index.html:1:52 link "b/" points at projects/b/index.html, which does not exist`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
