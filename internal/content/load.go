package content

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/emine-dev/emine/internal/entry"
	"github.com/emine-dev/emine/internal/schema"
)

// MaxFileSize is the largest content or data file read, in bytes.
const MaxFileSize = 2 << 20

// Options changes what Load keeps.
type Options struct {
	// Drafts keeps entries marked draft: true.
	Drafts bool
	// Today is the date "updated" may not be after; zero skips the check.
	Today entry.Date
	// Cache, when set, keeps parsed files for the next load.
	Cache *Cache
	// LeaveBodies leaves the Markdown bodies in their files rather than
	// hold them, to be read again when they are used (Directory.Body):
	// for a one-shot build, in which bodies are a quarter of the heap.
	// It is ignored with Cache, whose edits change held bodies.
	LeaveBodies bool
}

// Load reads the whole site source from fsys. It returns the directory and
// every problem found; the directory is usable for reporting even when the
// list holds errors, but must not be published then.
func Load(fsys fs.FS, opt Options) (*entry.Directory, entry.ErrorList) {
	var errs entry.ErrorList
	d := &entry.Directory{Taxonomies: map[string]*entry.Taxonomy{}, Entries: map[entry.Collection][]*entry.Entry{}}
	errs.Append(noSymlinks(fsys, "data", "templates"))
	errs.Append(loadSite(fsys, &d.Site))
	for _, name := range entry.Taxonomies {
		tax, terrs := loadTaxonomy(fsys, name)
		errs.Append(terrs)
		d.Taxonomies[name] = tax
	}
	errs.Append(loadStrings(fsys, d))

	files, werrs, ok := opt.Cache.listing(fsys)
	if !ok {
		files, werrs = listContent(fsys)
		opt.Cache.setListing(files, werrs)
	}
	errs.Append(werrs)
	checker := &schema.Checker{Taxonomies: d.Taxonomies, Today: opt.Today}
	if opt.Cache != nil {
		opt.Cache.begin(checker)
	}
	leave := opt.LeaveBodies && opt.Cache == nil
	if leave {
		d.Reread = func(file string, left entry.Left) (string, error) { return reread(fsys, file, left) }
	}
	results := parseAll(fsys, files, checker, opt.Cache, leave)
	if opt.Cache != nil {
		opt.Cache.end(files)
	}
	errs.Append(assemble(d, files, results, opt))
	d.Index()
	// Cross-entry rules run even when some files are broken, so one run
	// reports every problem; a file that could not be read at all stands
	// in as an empty entry, so references to it are not reported twice.
	errs.Append(schema.CheckDirectory(d))
	errs.Sort()
	if !errs.HasErrors() {
		// Field positions serve the checks above; a clean directory does
		// not need them, and at 10,000 entries they weigh 20 MB.
		for _, list := range d.Entries {
			for _, e := range list {
				e.Fields = nil
			}
		}
	}
	return d, errs
}

// file is one content file, named by what its path says it is.
type file struct {
	path       string
	collection entry.Collection // "" for content/pages
	slug       string
	lang       string
	yaml       bool
}

var langSuffix = regexp.MustCompile(`^[a-z]{2,3}$`)

// listContent walks content/ and classifies its files; anything that is not
// an entry is reported.
func listContent(fsys fs.FS) ([]file, entry.ErrorList) {
	var errs entry.ErrorList
	var files []file
	sections := map[string]entry.Collection{"pages": ""}
	for _, c := range entry.Collections {
		sections[string(c)] = c
	}
	err := fs.WalkDir(fsys, "content", func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			errs.Add(entry.Pos{File: p}, "io", err.Error(), "")
			return nil
		}
		base := de.Name()
		if p != "content" && strings.HasPrefix(base, ".") {
			if de.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if de.Type()&fs.ModeSymlink != 0 {
			errs.Add(entry.Pos{File: p}, "symlink", "symbolic links are not followed in content/", "replace the link with the file itself")
			return nil
		}
		parts := strings.Split(p, "/")
		if de.IsDir() {
			if len(parts) == 2 {
				if _, ok := sections[parts[1]]; !ok {
					errs.Warn(entry.Pos{File: p}, "not-entry", "unknown folder in content/; it is ignored", "collections are projects, policies, incentives, partners and pages")
					return fs.SkipDir
				}
			}
			if len(parts) > 2 {
				errs.Warn(entry.Pos{File: p}, "not-entry", "folders inside a collection are ignored", "put the entry file directly in content/"+parts[1]+"/")
				return fs.SkipDir
			}
			return nil
		}
		if len(parts) != 3 {
			errs.Warn(entry.Pos{File: p}, "not-entry", "file is not in a collection folder; it is ignored", "")
			return nil
		}
		c := sections[parts[1]]
		f := file{path: p, collection: c}
		name := base
		switch {
		case strings.HasSuffix(name, ".md"):
			name = strings.TrimSuffix(name, ".md")
		case strings.HasSuffix(name, ".yaml"):
			name, f.yaml = strings.TrimSuffix(name, ".yaml"), true
		default:
			errs.Warn(entry.Pos{File: p}, "not-entry", "not an entry (entries end in .md or .yaml); it is ignored", "")
			return nil
		}
		if i := strings.LastIndexByte(name, '.'); i >= 0 && langSuffix.MatchString(name[i+1:]) {
			name, f.lang = name[:i], name[i+1:]
		}
		f.slug = name
		if msg := schema.CheckSlug(name); msg != "" {
			errs.Add(entry.Pos{File: p}, "slug", msg, "rename the file, e.g. content/"+parts[1]+"/"+suggestSlug(name)+path.Ext(base))
			return nil
		}
		files = append(files, f)
		return nil
	})
	if err != nil {
		errs.Add(entry.Pos{File: "content"}, "io", err.Error(), "")
	}
	return files, errs
}

func suggestSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "my-entry"
	}
	return b.String()
}

// result is what one file gave. The entry is shared with the cache and
// copied before it is changed.
type result struct {
	entry *entry.Entry
	trans *entry.Translation
	errs  entry.ErrorList
	// hash fingerprints the file's path and text; front, of a Markdown
	// file, its path and front matter alone (see Cache.Edits).
	hash  uint64
	front uint64
}

// parseAll reads and checks files on every core; results keep file order.
func parseAll(fsys fs.FS, files []file, checker *schema.Checker, cache *Cache, leave bool) []result {
	results := make([]result, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				if cache == nil {
					results[i] = parseFile(fsys, files[i], checker, leave)
					continue
				}
				r, ok := cache.get(files[i])
				if !ok {
					r = parseFile(fsys, files[i], checker, false)
					cache.put(files[i], r)
				}
				results[i] = r
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

func parseFile(fsys fs.FS, f file, checker *schema.Checker, leave bool) result {
	var r result
	src, err := readLimited(fsys, f.path)
	if err != nil {
		r.errs.Add(entry.Pos{File: f.path}, "io", err.Error(), "")
		return r
	}
	// Positions are those of the text as read: without a byte-order mark,
	// with LF line endings, so a Windows file reports what its LF twin does.
	src = Normalize(src)
	r.hash = sourceHash(f.path, src)
	if pos, msg := checkText(f.path, src); msg != "" {
		r.errs.Add(pos, "encoding", msg, "save the file as UTF-8 text")
		return r
	}
	doc := &schema.Doc{File: f.path, Collection: f.collection, Slug: f.slug, Lang: f.lang, InlineBody: f.yaml}
	var placeholder entry.ErrorList
	fm := src
	if !f.yaml {
		var body []byte
		var bodyLine int
		fm, body, bodyLine, err = SplitFrontMatter(src)
		if err != nil {
			e := err.(*errFrontMatter)
			r.errs.Add(entry.Pos{File: f.path, Line: e.line}, "front-matter", e.msg, e.hint)
			return r
		}
		doc.BodyLine, doc.LineOffset = bodyLine, 1
		if bytes.Equal(bytes.TrimSpace(body), bytes.TrimSpace([]byte(schema.SkeletonBody))) {
			placeholder.Add(entry.Pos{File: f.path, Line: bodyLine}, "placeholder",
				"the description is still the one emine new wrote",
				"write what the entry is and its key figures, with links to related entries")
		}
		// The body is the end of the text; the split hands back a copy,
		// so where it begins is checked rather than assumed.
		if at := len(src) - len(body); leave && len(body) > 0 && at > 0 && bytes.Equal(src[at:], body) {
			doc.Left = entry.Left{At: at, Sum: r.hash}
		} else {
			doc.Body = string(body)
		}
		r.front = sourceHash(f.path, fm)
	}
	root, perr := ParseYAML(f.path, fm, doc.LineOffset)
	if perr != nil {
		r.errs = append(r.errs, perr)
		return r
	}
	doc.Root = root
	if f.lang != "" {
		r.trans, r.errs = checker.Translation(doc)
	} else {
		r.entry, r.errs = checker.Entry(doc)
	}
	r.errs = append(r.errs, placeholder...)
	return r
}

// reread reads again a body left in its file: the file's text from
// left.At, if the text is still what was read (its fingerprint is
// left.Sum).
func reread(fsys fs.FS, name string, left entry.Left) (string, error) {
	src, err := readLimited(fsys, name)
	if err != nil {
		return "", err
	}
	src = Normalize(src)
	if sourceHash(name, src) != left.Sum || left.At > len(src) {
		return "", errChanged
	}
	return string(src[left.At:]), nil
}

// errChanged is the error of a body whose file changed after it was read.
var errChanged = errors.New("the file changed while the site was built; build again")

func readLimited(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	// The walk refused anything but regular files; this refuses one
	// replaced since by a pipe or a device, which could hang the build or
	// never end.
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file")
	}
	if fi.Size() > MaxFileSize {
		return nil, fmt.Errorf("file is %d bytes; the limit is %d", fi.Size(), MaxFileSize)
	}
	// Room for the whole file and a little more, so that it is read in
	// one call and its end seen in a second (io.ReadAll starts at 512
	// bytes and grows: seven reads for a 4 KB entry).
	b := bytes.NewBuffer(make([]byte, 0, fi.Size()+bytes.MinRead))
	if _, err := b.ReadFrom(io.LimitReader(f, MaxFileSize+1)); err != nil {
		return nil, err
	}
	src := b.Bytes()
	if len(src) > MaxFileSize {
		return nil, fmt.Errorf("file is over %d bytes, the limit", MaxFileSize)
	}
	return src, nil
}

// checkText reports the first NUL byte or invalid UTF-8 sequence.
func checkText(name string, src []byte) (entry.Pos, string) {
	if i := bytes.IndexByte(src, 0); i >= 0 {
		line, col := entry.LineCol(src, i)
		return entry.Pos{File: name, Line: line, Col: col}, fmt.Sprintf("NUL byte at byte offset %d", i)
	}
	if !utf8.Valid(src) {
		i := 0
		for i < len(src) {
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			i += size
		}
		line, col := entry.LineCol(src, i)
		return entry.Pos{File: name, Line: line, Col: col}, fmt.Sprintf("invalid UTF-8 at byte offset %d", i)
	}
	return entry.Pos{}, ""
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// ParseYAML parses one YAML document into its root node, turning parser
// errors into positioned errors. lineOffset is the file line before the
// YAML's first line.
func ParseYAML(name string, src []byte, lineOffset int) (*yaml.Node, *entry.Error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		msg := err.Error()
		line := 1 + lineOffset
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			line, msg = n+lineOffset, strings.TrimPrefix(msg, m[0])
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		return nil, &entry.Error{Pos: entry.Pos{File: name, Line: line}, Rule: "yaml", Msg: "YAML: " + msg,
			Hint: "check indentation, and quote values that contain ': ' or start with a special character"}
	}
	if len(doc.Content) == 0 {
		return nil, &entry.Error{Pos: entry.Pos{File: name, Line: 1 + lineOffset}, Rule: "required", Msg: "no fields", Hint: "write at least title, summary and updated"}
	}
	return doc.Content[0], nil
}

// assemble attaches translations to their entries, finds duplicates and
// drops drafts.
func assemble(d *entry.Directory, files []file, results []result, opt Options) entry.ErrorList {
	var errs entry.ErrorList
	type key struct {
		c    entry.Collection
		slug string
	}
	byKey := map[key]*entry.Entry{}
	own := map[*entry.Entry]uint64{}
	trans := map[*entry.Entry]map[string]uint64{}
	for i, r := range results {
		errs.Append(r.errs)
		if r.entry == nil && files[i].lang == "" {
			r.entry = placeholder(files[i])
		}
		if r.entry == nil {
			continue
		}
		// The parsed entry may be kept by a cache; this load's copy gets
		// its own translations and fingerprint.
		cp := *r.entry
		r.entry = &cp
		k := key{files[i].collection, files[i].slug}
		if prev, ok := byKey[k]; ok {
			errs.Add(entry.Pos{File: r.entry.File, Line: 1}, "duplicate-slug",
				fmt.Sprintf("%q is defined twice: here and in %s", k.slug, prev.File), "keep one file per entry")
			continue
		}
		byKey[k] = r.entry
		own[r.entry] = r.hash
	}
	langs := map[string]bool{}
	for _, l := range d.Site.Languages {
		langs[l.Code] = l.Code != d.Site.DefaultLanguage
	}
	for i, r := range results {
		if r.trans == nil {
			continue
		}
		f := files[i]
		if !langs[f.lang] {
			errs.Add(entry.Pos{File: f.path, Line: 1}, "unknown-language",
				fmt.Sprintf("%q is not a translation language of this site", f.lang), "languages are set in data/site.yaml")
			continue
		}
		e := byKey[key{f.collection, f.slug}]
		if e == nil {
			errs.Add(entry.Pos{File: f.path, Line: 1}, "orphan-translation",
				fmt.Sprintf("translation of %q, which does not exist", f.slug), "add the default-language entry first, or fix the file name")
			continue
		}
		if e.Translations == nil {
			e.Translations = map[string]*entry.Translation{}
		}
		if prev, ok := e.Translations[f.lang]; ok {
			errs.Add(entry.Pos{File: f.path, Line: 1}, "duplicate-slug", "translation is defined twice: here and in "+prev.File, "keep one file")
			continue
		}
		e.Translations[f.lang] = r.trans
		if trans[e] == nil {
			trans[e] = map[string]uint64{}
		}
		trans[e][f.lang] = r.hash
	}
	for k, e := range byKey {
		e.Source = entrySource(own[e], trans[e])
		if e.Draft && !opt.Drafts {
			continue
		}
		if k.c == "" {
			d.Pages = append(d.Pages, e)
		} else {
			d.Entries[k.c] = append(d.Entries[k.c], e)
		}
	}
	bySlug := func(a, b *entry.Entry) int { return strings.Compare(a.Slug, b.Slug) }
	for c := range d.Entries {
		slices.SortFunc(d.Entries[c], bySlug)
	}
	slices.SortFunc(d.Pages, bySlug)
	return errs
}

// placeholder stands in for an entry whose file could not be parsed, so
// that other entries' references to it are not reported as missing.
func placeholder(f file) *entry.Entry {
	e := &entry.Entry{Collection: f.collection, Slug: f.slug, File: f.path, Title: f.slug}
	switch f.collection {
	case entry.Projects:
		e.Project = &entry.Project{}
	case entry.Policies:
		e.Policy = &entry.Policy{}
	case entry.Incentives:
		e.Incentive = &entry.Incentive{}
	case entry.Partners:
		e.Partner = &entry.Partner{}
	}
	return e
}

// noSymlinks reports every symbolic link in the folders: os.DirFS follows
// links, so one could make the build read a file outside the site.
// (content/ and static/ are checked as they are walked.)
func noSymlinks(fsys fs.FS, dirs ...string) entry.ErrorList {
	var errs entry.ErrorList
	for _, dir := range dirs {
		fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type()&fs.ModeSymlink != 0 {
				errs.Add(entry.Pos{File: p}, "symlink", "symbolic links are not followed in "+dir+"/", "replace the link with the file itself")
			}
			return nil
		})
	}
	return errs
}
