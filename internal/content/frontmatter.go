package content

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/adrg/frontmatter"
)

var bom = []byte("\xef\xbb\xbf")

// Normalize strips a byte-order mark and turns CRLF and lone CR line endings
// into LF, so that a file saved on Windows reads exactly as its LF twin.
func Normalize(src []byte) []byte {
	src = bytes.TrimPrefix(src, bom)
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
}

// yamlOnly is the one front matter format accepted: YAML between "---" lines.
// The unmarshal function keeps the raw bytes so that they can be parsed with
// positions.
func yamlOnly(raw *[]byte) *frontmatter.Format {
	return frontmatter.NewFormat("---", "---", func(data []byte, _ any) error {
		*raw = append([]byte(nil), data...)
		return nil
	})
}

// errFrontMatter describes a front matter that cannot be split; line is the
// 1-based line it points at.
type errFrontMatter struct {
	line int
	msg  string
	hint string
}

func (e *errFrontMatter) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// SplitFrontMatter separates a normalized Markdown file into its YAML front
// matter and its body. The front matter must open on the first line; a
// missing or unclosed block is an error rather than, as adrg/frontmatter
// alone would have it, a file with no front matter. bodyLine is the line of
// the file on which the body starts.
func SplitFrontMatter(src []byte) (fm, body []byte, bodyLine int, err error) {
	if !bytes.HasPrefix(src, []byte("---\n")) && !bytes.Equal(src, []byte("---")) {
		return nil, nil, 0, &errFrontMatter{1, "the file must start with a front matter block opened by a --- line",
			"put --- on the first line, the fields, then --- again"}
	}
	var raw []byte
	rest, perr := frontmatter.MustParse(bytes.NewReader(src), nil, yamlOnly(&raw))
	if errors.Is(perr, frontmatter.ErrNotFound) {
		return nil, nil, 0, &errFrontMatter{1, "the front matter opened on line 1 is never closed",
			"add a line with only --- after the last field"}
	}
	if perr != nil {
		return nil, nil, 0, &errFrontMatter{1, perr.Error(), ""}
	}
	// raw holds the lines between the delimiters; the body starts after the
	// closing line.
	bodyLine = 2 + bytes.Count(raw, []byte("\n")) + 1
	return raw, rest, bodyLine, nil
}
