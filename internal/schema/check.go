package schema

import (
	"fmt"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"

	"github.com/emine-dev/emine/internal/entry"
	"github.com/emine-dev/emine/internal/link"
)

// SlugPattern is the rule every slug follows.
var SlugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// MaxSlugLen is the longest slug in bytes.
const MaxSlugLen = 80

// CheckSlug returns why s is not a valid slug, or "".
func CheckSlug(s string) string {
	switch {
	case len(s) > MaxSlugLen:
		return fmt.Sprintf("slug %q is longer than %d bytes", s, MaxSlugLen)
	case !SlugPattern.MatchString(s):
		return fmt.Sprintf("slug %q must be lower-case letters a-z, digits and single hyphens", s)
	}
	return ""
}

// Doc is one parsed content file, ready to check and decode.
type Doc struct {
	File       string
	Collection entry.Collection
	Slug       string
	// Lang is the translation's language, or "" for a default-language entry.
	Lang string
	// Root is the YAML mapping of the front matter (or of the whole .yaml).
	Root *yaml.Node
	// LineOffset is added to YAML line numbers to give file line numbers.
	LineOffset int
	// Body is the Markdown after the front matter of a .md file;
	// InlineBody reports that the body comes from a `body:` field instead.
	Body       string
	BodyLine   int
	InlineBody bool
	// Left is where the body is when the load left it in File (Body is
	// then empty).
	Left entry.Left
}

// Checker applies the single-entry rules; it needs the taxonomies and today's
// date. The zero value checks nothing against taxonomies.
type Checker struct {
	Taxonomies map[string]*entry.Taxonomy
	Today      entry.Date
}

type walk struct {
	c      *Checker
	d      *Doc
	errs   entry.ErrorList
	fields map[string]entry.Pos
	trans  bool
}

func (w *walk) pos(n *yaml.Node) entry.Pos {
	return entry.Pos{File: w.d.File, Line: n.Line + w.d.LineOffset, Col: n.Column}
}

func (w *walk) errorf(n *yaml.Node, rule, hint, format string, args ...any) {
	w.errs.Add(w.pos(n), rule, fmt.Sprintf(format, args...), hint)
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a group of fields"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.ShortTag() {
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "true/false"
	case "!!null":
		return "nothing"
	}
	return fmt.Sprintf("%q", n.Value)
}

// object checks a mapping against fields, recording each value's position.
func (w *walk) object(n *yaml.Node, fields []Field, path string) {
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			w.errorf(k, "syntax", "", "field names must be plain words")
			continue
		}
		name := k.Value
		if seen[name] {
			w.errorf(k, "duplicate-field", "delete one of them", "field %q is written twice", join(path, name))
			continue
		}
		seen[name] = true
		f := find(fields, name)
		if f == nil {
			// An error, not a warning: the site would not show the value,
			// and a misspelt field (valid_untill) would drop what the
			// editor meant to publish without a word.
			var names []string
			for _, f := range fields {
				if rule, _, _ := w.refusal(&f, path); rule == "" {
					names = append(names, f.Name)
				}
			}
			hint := "the fields here are " + strings.Join(names, ", ") + "; a note for other editors can go in a # comment"
			if s := Suggest(name, names); s != "" {
				hint = fmt.Sprintf("did you mean %q?", s)
			}
			w.errorf(k, "unknown-field", hint, "unknown field %q", join(path, name))
			continue
		}
		if rule, hint, msg := w.refusal(f, path); rule != "" {
			w.errorf(k, rule, hint, "%s", msg)
			continue
		}
		w.value(f, v, join(path, name))
	}
	if w.trans {
		return
	}
	for _, f := range fields {
		if f.Required && !seen[f.Name] {
			w.errorf(n, "required", fieldHint(f), "missing required field %q", join(path, f.Name))
		}
	}
}

func fieldHint(f Field) string {
	if f.Example != "" {
		return fmt.Sprintf("e.g. %s: %s", f.Name, f.Example)
	}
	return f.Doc
}

func find(fields []Field, name string) *Field {
	for i := range fields {
		if fields[i].Name == name {
			return &fields[i]
		}
	}
	return nil
}

// refusal says why this file may not hold the field f at path, or gives
// an empty rule when it may: a .md file has no body: field, and a
// translation holds only what is translatable (and updated, and the groups
// that hold translatable fields).
func (w *walk) refusal(f *Field, path string) (rule, hint, msg string) {
	switch {
	case f.Name == "body" && path == "" && !w.d.InlineBody:
		return "body-field", "write the text after the closing ---", "a .md file has its body after the front matter, not in a body: field"
	case w.trans && !f.Translatable && f.Kind != Object && !(path == "" && f.Name == "updated"):
		return "translation-field", "delete it here; it is taken from the default-language entry", fmt.Sprintf("field %q is not translatable", join(path, f.Name))
	}
	return "", "", ""
}

func fieldNames(fields []Field) []string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name
	}
	return names
}

func (w *walk) value(f *Field, n *yaml.Node, path string) {
	w.fields[path] = w.pos(n)
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		w.errorf(n, "yaml-alias", "write the value out in full", "YAML anchors and aliases are not allowed (%s)", path)
		return
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		if f.Required {
			w.errorf(n, "required", fieldHint(*f), "field %q is empty", path)
		}
		return
	}
	switch f.Kind {
	case Object:
		if n.Kind != yaml.MappingNode {
			w.errorf(n, "type", "", "%s should be a group of fields (%s), found %s", path, strings.Join(fieldNames(f.Fields), ", "), describe(n))
			return
		}
		w.object(n, f.Fields, path)
	case List:
		if n.Kind != yaml.SequenceNode {
			w.errorf(n, "type", "write a list like [a, b]", "%s should be a list, found %s", path, describe(n))
			return
		}
		if len(n.Content) < f.MinItems {
			w.errorf(n, "required", fieldHint(*f), "%s needs at least %d item(s)", path, f.MinItems)
		}
		seen := map[string]bool{}
		for i, item := range n.Content {
			if item.Kind == yaml.ScalarNode && (f.Elem.Kind == Key || f.Elem.Kind == Ref) {
				if seen[item.Value] {
					w.errorf(item, "duplicate-item", "delete the repeat", "%s lists %q twice", path, item.Value)
				}
				seen[item.Value] = true
			}
			w.value(f.Elem, item, fmt.Sprintf("%s[%d]", path, i))
		}
	default:
		if n.Kind != yaml.ScalarNode {
			w.errorf(n, "type", typeHint(f), "%s should be %s, found %s", path, kindPhrase(f), describe(n))
			return
		}
		w.scalar(f, n, path)
	}
}

func kindPhrase(f *Field) string {
	switch f.Kind {
	case String, Text, Markdown:
		return "text"
	case Date:
		return "a date"
	case URL:
		return "a URL"
	}
	return "a " + f.Kind.String()
}

func typeHint(f *Field) string {
	if f.Example != "" {
		return "e.g. " + f.Example
	}
	return ""
}

func (w *walk) scalar(f *Field, n *yaml.Node, path string) {
	v := n.Value
	tag := n.ShortTag()
	if strings.TrimSpace(v) == "" && tag == "!!str" {
		// authority: "" is an empty field, not a badly written slug.
		rule, hint := "required", fieldHint(*f)
		if allowed := w.allowed(f); allowed != nil {
			hint = "one of: " + strings.Join(allowed, ", ")
		}
		if !f.Required {
			rule, hint = "empty", "fill it in or delete it"
		}
		w.errorf(n, rule, hint, "%s is empty", path)
		return
	}
	switch f.Kind {
	case String, Text, Markdown:
		if f.Kind == String && strings.ContainsAny(strings.TrimSpace(v), "\n\r") {
			w.errorf(n, "type", "keep it on one line", "%s must be one line", path)
		}
		if f.MaxLen > 0 {
			if c := utf8.RuneCountInString(strings.TrimSpace(v)); c > f.MaxLen {
				w.errorf(n, "too-long", "shorten it", "%s is %d characters long; the limit is %d", path, c, f.MaxLen)
			}
		}
	case Date:
		d, err := entry.ParseDate(v)
		if err != nil {
			w.errorf(n, "date", "e.g. 2026-01-28", "%s: %v", path, err)
			return
		}
		if path == "updated" && !w.c.Today.IsZero() && d.Compare(w.c.Today) > 0 {
			w.errorf(n, "future-date", "updated says when the facts were last checked", "updated %s is in the future", d)
		}
	case URL:
		if err := link.CheckAbsolute(v); err != nil {
			w.errorf(n, "url", "write a full address starting with https://", "%s: %v", path, err)
		}
	case Email:
		if a, err := mail.ParseAddress(v); err != nil || a.Address != v {
			w.errorf(n, "email", "e.g. info@example.org", "%s: %q is not an e-mail address", path, v)
		}
	case Contact:
		if strings.Contains(v, "@") && !strings.Contains(v, "://") {
			if a, err := mail.ParseAddress(v); err != nil || a.Address != v {
				w.errorf(n, "email", "e.g. info@example.org", "%s: %q is not an e-mail address", path, v)
			}
		} else if err := link.CheckAbsolute(v); err != nil {
			w.errorf(n, "url", "an e-mail address or a full https:// address", "%s: %v", path, err)
		}
	case Bool:
		if tag != "!!bool" || (v != "true" && v != "false") {
			w.errorf(n, "type", "write true or false", "%s should be true or false, found %q", path, v)
		}
	case Int, Number:
		if tag != "!!int" && (f.Kind == Int || tag != "!!float") {
			w.errorf(n, "type", typeHint(f), "%s should be %s, found %s", path, kindPhrase(f), describe(n))
			return
		}
		x, err := strconv.ParseFloat(strings.ReplaceAll(v, "_", ""), 64)
		if err != nil {
			w.errorf(n, "type", "", "%s: %q is not a number", path, v)
			return
		}
		if f.Positive && x <= 0 {
			w.errorf(n, "range", "", "%s must be greater than 0", path)
		}
		if f.HasRange && (x < f.Min || x > f.Max) {
			w.errorf(n, "range", "", "%s %v is outside %v..%v", path, x, f.Min, f.Max)
		}
	case Enum:
		w.oneOf(n, path, v, f.Values, "value")
	case Key:
		tax := w.c.Taxonomies[f.Taxonomy]
		if f.Federal && v == "federal" || tax == nil {
			return
		}
		if tax.Term(v) == nil {
			w.oneOf(n, path, v, w.allowed(f), "data/"+f.Taxonomy+".yaml key")
		}
	case Ref:
		if msg := CheckSlug(v); msg != "" {
			w.errorf(n, "slug", "", "%s: %s", path, msg)
		}
	case Country:
		r, err := language.ParseRegion(v)
		if err != nil || len(v) != 2 || strings.ToUpper(v) != v || !r.IsCountry() {
			w.errorf(n, "country", `write the two capital letters in quotes, e.g. "PK", "CN"`, "%s: %q is not an ISO 3166-1 alpha-2 country code", path, v)
		}
	}
}

// allowed is the values a fixed-list or taxonomy field takes, or nil.
func (w *walk) allowed(f *Field) []string {
	switch f.Kind {
	case Enum:
		return f.Values
	case Key:
		tax := w.c.Taxonomies[f.Taxonomy]
		if tax == nil {
			return nil
		}
		keys := tax.Keys()
		if f.Federal {
			keys = append([]string{"federal"}, keys...)
		}
		return keys
	}
	return nil
}

func (w *walk) oneOf(n *yaml.Node, path, v string, allowed []string, what string) {
	for _, a := range allowed {
		if a == v {
			return
		}
	}
	hint := "allowed: " + strings.Join(allowed, ", ")
	if s := Suggest(v, allowed); s != "" {
		hint = fmt.Sprintf("did you mean %q? %s", s, hint)
	}
	w.errorf(n, "unknown-value", hint, "%s: %q is not a known %s", path, v, what)
}
