// Package markdown turns entry bodies into HTML with one configured goldmark:
// GitHub tables, strikethrough, autolinks, footnotes and heading ids, with raw
// HTML dropped and attribute syntax off.
//
// Every link and image passes the link package's allowlist. Links to site
// paths (/projects/saindak/) are resolved by the caller's Resolver, which
// checks that the target exists and rewrites the path for the page being
// rendered; anything refused is reported with its byte offset in the body.
package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/emine-dev/emine/internal/link"
)

// Resolver maps a site path written in content to the href to write on the
// page being rendered, or says why the path is not a page of the site.
type Resolver func(sitePath string) (href string, err error)

// Problem is a link in a body that was refused, at a byte offset of the body.
type Problem struct {
	Offset int
	Msg    string
	Hint   string
}

// Renderer converts Markdown; it is safe for concurrent use.
type Renderer struct {
	md goldmark.Markdown
	// plain parses for PlainText: the same syntax, without heading ids
	// or the link policy, which change no words (a refused link or
	// image leaves its text, see unwrap).
	plain parser.Parser
}

var (
	resolverKey = parser.NewContextKey()
	problemsKey = parser.NewContextKey()
)

// New returns a Renderer with the directory's Markdown settings.
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(linkPolicy{}, 100)),
		),
	)
	plain := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote))
	return &Renderer{md: md, plain: plain.Parser()}
}

// Render converts src to HTML, resolving site links with resolve (which may
// be nil to refuse them all). Refused links are left out of the HTML, their
// text kept, and reported as problems.
func (r *Renderer) Render(src []byte, resolve Resolver) ([]byte, []Problem) {
	if at := tooManyLinks(src); at >= 0 {
		return nil, []Problem{{Offset: at, Msg: fmt.Sprintf("more than %d links in one text", MaxLinks), Hint: "split the text, or remove unclosed [ ]( brackets"}}
	}
	ctx := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	ctx.Set(resolverKey, resolve)
	var problems []Problem
	ctx.Set(problemsKey, &problems)
	var buf bytes.Buffer
	if err := r.md.Convert(src, &buf, parser.WithContext(ctx)); err != nil {
		problems = append(problems, Problem{Msg: "Markdown: " + err.Error()})
	}
	return buf.Bytes(), problems
}

// MaxLinks bounds the links and images of one body. Unclosed link
// brackets make the parser's work grow with the square of their number
// (20,000 took 9 s), and no real entry comes near the limit.
const MaxLinks = 2000

// tooManyLinks returns the offset of the link opener past MaxLinks, or -1.
func tooManyLinks(src []byte) int {
	n, at := 0, 0
	for {
		i := bytes.Index(src[at:], []byte("]("))
		if i < 0 {
			return -1
		}
		if n++; n > MaxLinks {
			return at + i
		}
		at += i + 2
	}
}

// PlainText returns the text of src without markup, for search and
// summaries.
func (r *Renderer) PlainText(src []byte) string {
	if tooManyLinks(src) >= 0 {
		return ""
	}
	doc := r.plain.Parse(text.NewReader(src))
	var b spaced
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock {
				b.space()
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			b.write(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.space()
			}
		case *ast.String:
			b.write(n.Value)
		case *ast.CodeSpan, *ast.FencedCodeBlock, *ast.CodeBlock:
			// keep walking: their text children carry the words
		case *ast.AutoLink:
			b.write(n.Label(src))
		case *ast.RawHTML, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		}
		if n.Kind() == ast.KindCodeBlock || n.Kind() == ast.KindFencedCodeBlock {
			lines := n.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				b.write(seg.Value(src))
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// spaced builds text with every run of white space (as unicode.IsSpace
// says) written as one space, and none at either end: what
// strings.Join(strings.Fields(s), " ") gives, without the slice of words,
// for pieces that are each valid UTF-8 (a body is checked to be).
type spaced struct {
	strings.Builder
	gap bool // white space written since the last word
}

func (b *spaced) space() { b.gap = true }

func (b *spaced) write(p []byte) {
	for len(p) > 0 {
		if n := run(p, true); n > 0 {
			b.gap = true
			p = p[n:]
			continue
		}
		n := run(p, false)
		if b.gap && b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.gap = false
		b.Write(p[:n])
		p = p[n:]
	}
}

// run returns the length of p's leading run of white space (space true) or
// of other characters.
func run(p []byte, space bool) int {
	n := 0
	for n < len(p) {
		if c := p[n]; c < utf8.RuneSelf {
			if (c == ' ' || c-'\t' <= '\r'-'\t') != space {
				break
			}
			n++
			continue
		}
		r, size := utf8.DecodeRune(p[n:])
		if unicode.IsSpace(r) != space {
			break
		}
		n += size
	}
	return n
}

var hasScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// linkPolicy applies the allowlist to every link, image and autolink.
type linkPolicy struct{}

func (linkPolicy) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	resolve, _ := pc.Get(resolverKey).(Resolver)
	problems, _ := pc.Get(problemsKey).(*[]Problem)
	report := func(n ast.Node, dest, msg, hint string) {
		if problems != nil {
			*problems = append(*problems, Problem{Offset: offsetOf(n, src, dest), Msg: msg, Hint: hint})
		}
	}
	var refused []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			href, ok := check(string(n.Destination), false, resolve, func(msg, hint string) { report(n, string(n.Destination), msg, hint) })
			if !ok {
				refused = append(refused, n)
				return ast.WalkContinue, nil
			}
			n.Destination = []byte(href)
		case *ast.Image:
			href, ok := check(string(n.Destination), true, resolve, func(msg, hint string) { report(n, string(n.Destination), msg, hint) })
			if !ok {
				refused = append(refused, n)
				return ast.WalkSkipChildren, nil
			}
			n.Destination = []byte(href)
		case *ast.AutoLink:
			// Only a bare "www." link (linkify) gets a scheme added; an
			// autolink that names its own scheme (<A0:x>, <vbscript:x>) is
			// checked as written, which is how it would be rendered.
			url := string(n.URL(src))
			if n.AutoLinkType == ast.AutoLinkURL && !hasScheme.MatchString(url) {
				url = "http://" + url
			}
			if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(url, "mailto:") {
				url = "mailto:" + url
			}
			if _, kind, err := link.Check(url); err != nil || (kind != link.External && kind != link.Mail) {
				msg := "autolink is not an http, https or mailto address"
				if err != nil {
					msg = err.Error()
				}
				report(n, string(n.URL(src)), msg, "")
				refused = append(refused, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range refused {
		unwrap(n, src)
	}
}

// check applies the policy to one destination and returns the href to write.
func check(dest string, image bool, resolve Resolver, fail func(msg, hint string)) (string, bool) {
	clean, kind, err := link.Check(dest)
	if err != nil {
		fail(err.Error(), "")
		return "", false
	}
	switch kind {
	case link.Site:
		if resolve == nil {
			fail(fmt.Sprintf("link %q cannot be resolved here", dest), "")
			return "", false
		}
		href, err := resolve(clean)
		if err != nil {
			fail(err.Error(), "link to an existing page, e.g. /projects/<slug>/")
			return "", false
		}
		return href, true
	case link.External:
		if image {
			fail(fmt.Sprintf("image %q is on another host; the site makes no requests to other hosts", dest), "put the image in static/ and write /static/<name>")
			return "", false
		}
	case link.Mail:
		if image {
			fail(fmt.Sprintf("image %q is not an image address", dest), "")
			return "", false
		}
	}
	return clean, true
}

// unwrap replaces a refused link by its text (an image by its alt text).
func unwrap(n ast.Node, src []byte) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	switch n := n.(type) {
	case *ast.AutoLink:
		parent.ReplaceChild(parent, n, ast.NewString(n.Label(src)))
		return
	case *ast.Image:
		var alt bytes.Buffer
		altText(&alt, n, src)
		parent.ReplaceChild(parent, n, ast.NewString(alt.Bytes()))
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// altText writes the text of n's descendants: the words of emphasis, code,
// links and autolinks in an image's alt text, a line break as a space, as
// the plain text for search has them (goldmark's alt attribute leaves an
// autolink out and keeps a hard break as <br>).
func altText(b *bytes.Buffer, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.RawHTML:
			// dropped, as everywhere
		default:
			altText(b, c, src)
		}
	}
}

// offsetOf estimates where a link stands in the source: at its destination
// text within the enclosing block, or at the block's start.
func offsetOf(n ast.Node, src []byte, dest string) int {
	for p := n; p != nil; p = p.Parent() {
		if p.Type() != ast.TypeBlock {
			continue
		}
		lines := p.Lines()
		if lines == nil || lines.Len() == 0 {
			continue
		}
		start := lines.At(0).Start
		if dest != "" {
			if i := bytes.Index(src[start:], []byte(dest)); i >= 0 {
				return start + i
			}
		}
		return start
	}
	return 0
}
