package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/svg"

	"github.com/emine-dev/emine/internal/entry"
	"github.com/emine-dev/emine/internal/render"
)

// minifier minifies output by file extension; it is safe for concurrent use.
type minifier struct {
	m   *minify.M
	off bool
}

// mediaTypes maps the extensions minified after rendering to their media
// types. HTML is not among them: its templates are minified once instead;
// nor are XML and JSON, which encoding/xml and encoding/json already write
// without spaces.
var mediaTypes = map[string]string{
	".css": "text/css", ".js": "application/javascript", ".svg": "image/svg+xml",
}

func newMinifier(off bool) *minifier {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepQuotes: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	return &minifier{m: m, off: off}
}

// templates returns the transform that minifies template sources, with
// the actions left as they are, so pages come out of html/template already
// minified and are not minified again one by one.
func (m *minifier) templates() render.Transform {
	if m.off {
		return nil
	}
	tm := minify.New()
	tm.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepQuotes: true, KeepEndTags: true, TemplateDelims: html.GoTemplateDelims})
	return func(name string, src []byte) ([]byte, error) {
		var buf bytes.Buffer
		if err := tm.Minify("text/html", &buf, bytes.NewReader(src)); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
}

// minify returns data minified for the file name's type, or data itself
// for types that are not minified; the result may share buf's memory and is
// valid until buf is used again. A minifier error fails the build rather
// than publishing a page the minifier may have broken.
// minifies reports whether minify rewrites the file name into its buffer.
func (m *minifier) minifies(name string) bool {
	_, ok := mediaTypes[path.Ext(name)]
	return !m.off && ok
}

func (m *minifier) minify(name string, data []byte, buf *bytes.Buffer) ([]byte, error) {
	if !m.minifies(name) {
		return data, nil
	}
	mt := mediaTypes[path.Ext(name)]
	buf.Reset()
	if err := m.m.Minify(mt, buf, bytes.NewReader(data)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// asset is a static file as published.
type asset struct {
	src  string // path below static/
	out  string // path in the output
	data []byte
}

// fingerprinted lists the extensions that get a content hash in their name,
// so hosts can cache them for ever.
var fingerprinted = map[string]bool{".css": true, ".js": true}

var staticName = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

// publishStatic reads static/, minifies CSS, JS and SVG, and names CSS and
// JS files after their content hash (site.css -> site.1a2b3c4d5e.css).
func publishStatic(fsys fs.FS, m *minifier) ([]asset, entry.ErrorList) {
	var errs entry.ErrorList
	var out []asset
	var buf bytes.Buffer
	err := fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "static" {
				return fs.SkipDir
			}
			errs.Add(entry.Pos{File: p}, "io", err.Error(), "")
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			errs.Add(entry.Pos{File: p}, "symlink", "symbolic links are not followed in static/", "copy the file in instead")
			return nil
		}
		if p != "static" && strings.HasPrefix(d.Name(), ".") && d.Name() != ".well-known" && d.Name() != ".nojekyll" {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		for _, part := range strings.Split(p, "/") {
			if !staticName.MatchString(part) {
				errs.Add(entry.Pos{File: p}, "file-name", "static file names may use only letters, digits, dot, hyphen and underscore", "rename the file")
				return nil
			}
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs.Add(entry.Pos{File: p}, "io", err.Error(), "")
			return nil
		}
		rel := strings.TrimPrefix(p, "static/")
		min, err := m.minify(rel, data, &buf)
		if err != nil {
			errs.Add(entry.Pos{File: p}, "minify", err.Error(), "")
			return nil
		}
		a := asset{src: rel, out: rel, data: bytes.Clone(min)}
		if ext := path.Ext(rel); fingerprinted[ext] {
			sum := sha256.Sum256(min)
			a.out = strings.TrimSuffix(rel, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		}
		out = append(out, a)
		return nil
	})
	if err != nil {
		errs.Add(entry.Pos{File: "static"}, "io", fmt.Sprint(err), "")
	}
	return out, errs
}
