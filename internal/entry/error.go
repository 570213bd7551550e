package entry

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Pos is a position in a source file. Line and Col count from 1; zero means
// unknown. File is slash-separated and relative to the site root.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats the position as file:line:col, leaving out unknown parts.
func (p Pos) String() string {
	switch {
	case p.File == "":
		return "-"
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Severity says whether a problem stops the build.
type Severity int

const (
	// SeverityError stops check and build.
	SeverityError Severity = iota
	// SeverityWarning is reported but publishes anyway.
	SeverityWarning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == SeverityWarning {
		return "warning"
	}
	return "error"
}

// Error is one problem found in the content, at a position, with a rule id
// that tools and tests can match on and an optional hint for the editor.
type Error struct {
	Pos      Pos
	Severity Severity
	Rule     string
	Msg      string
	Hint     string
}

// Error formats the problem as "file:line:col: error: message (hint)".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Pos.String())
	b.WriteString(": ")
	b.WriteString(e.Severity.String())
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString(" (")
		b.WriteString(e.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// ErrorList collects problems so that a run can report all of them at once.
// The zero value is an empty list ready to use.
type ErrorList []*Error

// Add appends an error-severity problem.
func (l *ErrorList) Add(pos Pos, rule, msg, hint string) {
	*l = append(*l, &Error{Pos: pos, Severity: SeverityError, Rule: rule, Msg: msg, Hint: hint})
}

// Warn appends a warning.
func (l *ErrorList) Warn(pos Pos, rule, msg, hint string) {
	*l = append(*l, &Error{Pos: pos, Severity: SeverityWarning, Rule: rule, Msg: msg, Hint: hint})
}

// Append adds every problem of other.
func (l *ErrorList) Append(other ErrorList) { *l = append(*l, other...) }

// Sort orders the list by file, line, column, then message, and drops exact
// duplicates, so that output is stable from run to run.
func (l *ErrorList) Sort() {
	slices.SortStableFunc(*l, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
	*l = slices.CompactFunc(*l, func(a, b *Error) bool {
		return a.Pos == b.Pos && a.Msg == b.Msg && a.Severity == b.Severity
	})
}

// HasErrors reports whether any problem has error severity.
func (l ErrorList) HasErrors() bool {
	return slices.ContainsFunc(l, func(e *Error) bool { return e.Severity == SeverityError })
}

// Count returns the number of errors and of warnings.
func (l ErrorList) Count() (errs, warnings int) {
	for _, e := range l {
		if e.Severity == SeverityError {
			errs++
		} else {
			warnings++
		}
	}
	return errs, warnings
}

// Err returns the list as an error when it holds at least one error-severity
// problem, and nil otherwise (warnings alone do not fail).
func (l ErrorList) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return l
}

// Error joins the problems, one a line.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// LineCol converts a byte offset in src to a 1-based line and column
// (the column counts bytes, as go/scanner does).
func LineCol(src []byte, offset int) (line, col int) {
	offset = min(max(offset, 0), len(src))
	line = 1 + strings.Count(string(src[:offset]), "\n")
	lineStart := strings.LastIndexByte(string(src[:offset]), '\n') + 1
	return line, offset - lineStart + 1
}
