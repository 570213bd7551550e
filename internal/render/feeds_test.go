package render

import (
	"bytes"
	"encoding/xml"
	"testing"

	"github.com/emine-dev/emine/internal/entry"
)

// TestSitemapIsWhatEncodingXMLWrites checks the sitemap written element by
// element against encoding/xml's encoding of the same URLs, whole and in
// parts (as the files of a site over SitemapLimit URLs), with values that
// need escaping.
func TestSitemapIsWhatEncodingXMLWrites(t *testing.T) {
	s := &Site{dir: &entry.Directory{Site: entry.Site{Languages: []entry.Language{{Code: "en"}, {Code: "zh"}, {Code: "ur"}}}},
		def: "en", opt: Options{BaseURL: "https://example.org/a&b/"}}
	folders := []sitemapURL{{Loc: ""}, {Loc: "projects/"}, {Loc: "projects/saindak/", Lastmod: "2024-05-01"},
		{Loc: "pages/q\"'<>\t/", Lastmod: "2023"}, {Loc: "pages/ملک/"}, {Loc: "pages/x\x01y/"}}
	type alt struct {
		Rel      string `xml:"rel,attr"`
		Hreflang string `xml:"hreflang,attr"`
		Href     string `xml:"href,attr"`
	}
	type url struct {
		Loc     string `xml:"loc"`
		Lastmod string `xml:"lastmod,omitempty"`
		Alts    []alt  `xml:"xhtml:link"`
	}
	type urlset struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		XHTML   string   `xml:"xmlns:xhtml,attr"`
		URLs    []url    `xml:"url"`
	}
	var all []url
	for _, f := range folders {
		var alts []alt
		for _, l := range s.dir.Site.Languages {
			alts = append(alts, alt{"alternate", l.Code, s.opt.BaseURL + s.langPrefix(l.Code) + f.Loc})
		}
		alts = append(alts, alt{"alternate", "x-default", s.opt.BaseURL + f.Loc})
		for _, l := range s.dir.Site.Languages {
			all = append(all, url{s.opt.BaseURL + s.langPrefix(l.Code) + f.Loc, f.Lastmod, alts})
		}
	}
	for _, r := range [][2]int{{0, len(all)}, {0, 4}, {4, 11}, {11, len(all)}} {
		var want, got bytes.Buffer
		want.WriteString(xml.Header)
		if err := xml.NewEncoder(&want).Encode(urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml", URLs: all[r[0]:r[1]]}); err != nil {
			t.Fatal(err)
		}
		s.writeSitemap(&got, folders, r[0], r[1])
		if got.String() != want.String() {
			t.Errorf("URLs %d to %d:\n got %s\nwant %s", r[0], r[1], got.String(), want.String())
		}
	}
}
