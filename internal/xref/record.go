package xref

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/diag"
)

// RecordFile is the site's record of the paragraphs that citations name by
// number alone ([@id, ¶8]), relative to the site root. Each line holds a
// source id, a paragraph number and a hash of that paragraph's text:
//
//	axios-full-text ¶8 3f2a9c1b0d4e  The first words of the paragraph…
//
// A bare ¶ citation has no words of its own to check, so a change of excerpt
// boundaries (a new source cut from the same seed, a moved start anchor)
// could make ¶8 a different paragraph without anyone noticing. Every build
// compares the paragraph each such citation names with the record: a
// paragraph that is not the one recorded is an error that says where the
// recorded one is now; a citation not yet recorded is a warning.
// "dossier check -record" writes the record anew from the citations there
// are, so it is checked in beside the content.
const RecordFile = "paragraphs.sum"

// recordHeader starts a record file, so that dossier never overwrites a
// file of that name it did not write.
const recordHeader = "# dossier: the paragraphs that citations name by number"

// Record maps "id ¶N" to the hash of the paragraph's text.
type Record map[string]string

// ParseRecord reads a record file; bad lines come back as diagnostics.
func ParseRecord(file string, data []byte) (Record, diag.List) {
	rec := Record{}
	var diags diag.List
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 3 || !strings.HasPrefix(f[1], "¶") || len(f[2]) != 12 {
			diags.Add(diag.Errorf(diag.Position{File: file, Line: n, Col: 1}, "bad line in %s", file).
				WithHint("want SOURCE-ID ¶N HASH; dossier check -record writes the file anew"))
			continue
		}
		rec[f[0]+" "+f[1]] = f[2]
	}
	return rec, diags
}

// IsRecord reports whether data is a record file dossier wrote.
func IsRecord(data []byte) bool {
	return bytes.HasPrefix(data, []byte(recordHeader))
}

// paraHash is the recorded hash of a paragraph's text.
func paraHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:6])
}

// bareCite is a citation that names a paragraph by number alone, at
// offset off of md, on the page doc.
type bareCite struct {
	para *Para
	doc  *Doc
	md   content.Markdown
	off  int
}

// pos returns where the citation is written: worked out only for a
// problem, as it reads the structure of a front matter for a citation in
// one.
func (c bareCite) pos() diag.Position { return c.md.Pos(c.off) }

// checkRecord compares the paragraphs that bare ¶ citations name with the
// record. It stops, with ctx's error, when ctx is done.
func (r *resolver) checkRecord(ctx context.Context) error {
	if r.record == nil {
		return nil
	}
	// Each paragraph cited is looked up and hashed once, on every CPU:
	// most are cited more than once, and a site cites tens of thousands.
	at := make(map[*Para]int, len(r.bare))
	var paras []*Para
	for _, c := range r.bare {
		if _, ok := at[c.para]; !ok {
			at[c.para] = len(paras)
			paras = append(paras, c.para)
		}
	}
	same := make([]bool, len(paras)) // recorded as it reads
	parallel(ctx, len(paras), func(i int) {
		p := paras[i]
		want, ok := r.record[recordKeyOf(p)]
		same[i] = ok && want == paraHash(p.Text)
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, c := range r.bare {
		if !same[at[c.para]] {
			r.compareRecord(c)
		}
	}
	return nil
}

// compareRecord compares the paragraph that c names with the record.
func (r *resolver) compareRecord(c bareCite) {
	want, ok := r.record[recordKeyOf(c.para)]
	switch {
	case !ok:
		r.diags.Add(diag.Warningf(c.pos(), "¶%d of source %q is not in %s", c.para.N, c.para.Source.ID, RecordFile).
			WithHint("dossier check -record records it, so that a later shift of the paragraph numbers is caught"))
	case want != paraHash(c.para.Text):
		d := diag.Errorf(c.pos(), "¶%d of source %q is no longer the paragraph recorded in %s: it now reads %s",
			c.para.N, c.para.Source.ID, RecordFile, short(c.para.Text))
		if p := r.findHash(want); p != nil {
			d = d.WithHint("the paragraph cited is now ¶%d of source %q: write [@%s, ¶%d], then run dossier check -record", p.N, p.Source.ID, p.Source.ID, p.N)
		} else {
			d = d.WithHint("if ¶%d is the paragraph you mean, run dossier check -record", c.para.N)
		}
		r.diags.Add(d)
	}
}

// recordKeyOf is the key of paragraph p in a Record: "ID ¶N".
func recordKeyOf(p *Para) string {
	return p.Source.ID + " ¶" + strconv.Itoa(p.N)
}

// findHash finds the paragraph whose text has the hash h, in any source.
func (r *resolver) findHash(h string) *Para {
	for _, s := range r.m.Sources {
		for _, p := range s.Paras {
			if paraHash(p.Text) == h {
				return p
			}
		}
	}
	return nil
}

// RecordData returns the record of the bare ¶ citations of m, to write to
// RecordFile.
func (m *Model) RecordData() []byte {
	paras := map[string]string{}
	for _, c := range m.bare {
		paras[recordKeyOf(c.para)] = c.para.Text
	}
	return FormatRecord(paras)
}

// FormatRecord returns a record file of the paragraphs given, by "id ¶N",
// with the text of each (as seed.Para.Text has it).
func FormatRecord(paras map[string]string) []byte {
	var lines []string
	for key, text := range paras {
		lines = append(lines, fmt.Sprintf("%s %s  %s", key, paraHash(text), clipText(text, 60)))
	}
	slices.SortFunc(lines, func(a, b string) int {
		ka, kb := recordKey(a), recordKey(b)
		if ka.id != kb.id {
			return strings.Compare(ka.id, kb.id)
		}
		return ka.n - kb.n
	})
	var b bytes.Buffer
	b.WriteString(recordHeader + ", with a hash of their text.\n")
	b.WriteString("# Every build checks them. Written by \"dossier check -record\"; check it in.\n")
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	return b.Bytes()
}

type keyParts struct {
	id string
	n  int
}

func recordKey(line string) keyParts {
	f := strings.Fields(line)
	n, _ := strconv.Atoi(strings.TrimPrefix(f[1], "¶"))
	return keyParts{f[0], n}
}

func clipText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
