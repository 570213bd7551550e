package entry

import (
	"errors"
	"slices"
)

// Language is one language the site is published in.
type Language struct {
	Code string `yaml:"code"`
	Name string `yaml:"name"`
	// Dir is "rtl" for right-to-left scripts and "ltr" otherwise.
	Dir string `yaml:"dir"`
}

// Site holds the settings of data/site.yaml.
type Site struct {
	Title           string     `yaml:"title"`
	Description     string     `yaml:"description"`
	BaseURL         string     `yaml:"base_url"`
	DefaultLanguage string     `yaml:"default_language"`
	Languages       []Language `yaml:"languages"`
}

// Language returns the language with the code, or nil.
func (s *Site) Language(code string) *Language {
	i := slices.IndexFunc(s.Languages, func(l Language) bool { return l.Code == code })
	if i < 0 {
		return nil
	}
	return &s.Languages[i]
}

// Term is one key of a taxonomy with its names per language.
type Term struct {
	Key   string
	Names map[string]string
	Group string
	Pos   Pos
}

// Name returns the term's name in lang, falling back to fallback and then to
// the key.
func (t *Term) Name(lang, fallback string) string {
	if n := t.Names[lang]; n != "" {
		return n
	}
	if n := t.Names[fallback]; n != "" {
		return n
	}
	return t.Key
}

// Taxonomy is an ordered list of terms from data/<name>.yaml.
type Taxonomy struct {
	Name  string
	Terms []*Term
	index map[string]*Term
}

// NewTaxonomy returns a taxonomy of the terms in the order given.
func NewTaxonomy(name string, terms []*Term) *Taxonomy {
	t := &Taxonomy{Name: name, Terms: terms, index: make(map[string]*Term, len(terms))}
	for _, term := range terms {
		t.index[term.Key] = term
	}
	return t
}

// Term returns the term with the key, or nil.
func (t *Taxonomy) Term(key string) *Term {
	if t == nil {
		return nil
	}
	return t.index[key]
}

// Keys returns every key in order.
func (t *Taxonomy) Keys() []string {
	keys := make([]string, len(t.Terms))
	for i, term := range t.Terms {
		keys[i] = term.Key
	}
	return keys
}

// The taxonomies every directory has, by file name in data/.
const (
	TaxMinerals   = "minerals"
	TaxProvinces  = "provinces"
	TaxStages     = "stages"
	TaxValueChain = "value-chain"
)

// Taxonomies lists the taxonomy names in display order.
var Taxonomies = []string{TaxMinerals, TaxProvinces, TaxStages, TaxValueChain}

// Directory is the whole loaded site: settings, taxonomies, interface
// strings, entries and free pages.
type Directory struct {
	Site       Site
	Taxonomies map[string]*Taxonomy
	// Strings maps a language code to its interface strings.
	Strings map[string]map[string]string
	// StringsPos records where each interface string is defined.
	StringsPos map[string]map[string]Pos
	Entries    map[Collection][]*Entry
	Pages      []*Entry
	index      map[Collection]map[string]*Entry
	// Reread, set by a load that leaves bodies in their files (a one-shot
	// build's), reads the text of file from left.At, refusing a file
	// whose text no longer has the fingerprint left.Sum.
	Reread func(file string, left Left) (string, error)
}

// Body returns the Markdown of a body (Entry.BodySource, Translation.BodySource):
// the text held, or the text read again from the file it was left in. A
// body that cannot be read is an ErrorList at its first line.
func (d *Directory) Body(b BodySource) (string, ErrorList) {
	if b.Left.At == 0 {
		return b.Held, nil
	}
	err := errors.New("the body was left in the file, and nothing reads it")
	if d.Reread != nil {
		var text string
		if text, err = d.Reread(b.File, b.Left); err == nil {
			return text, nil
		}
	}
	var errs ErrorList
	errs.Add(Pos{File: b.File, Line: b.Line}, "io", err.Error(), "")
	return "", errs
}

// Index rebuilds the slug lookup; call it after Entries change.
func (d *Directory) Index() {
	d.index = make(map[Collection]map[string]*Entry, len(d.Entries))
	for c, list := range d.Entries {
		m := make(map[string]*Entry, len(list))
		for _, e := range list {
			m[e.Slug] = e
		}
		d.index[c] = m
	}
}

// Lookup returns the entry of collection c with the slug, or nil.
func (d *Directory) Lookup(c Collection, slug string) *Entry {
	return d.index[c][slug]
}
