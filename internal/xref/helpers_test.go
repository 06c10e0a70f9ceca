package xref

import "github.com/dossier-dev/dossier/internal/content"

func newSource(url string) *Source {
	return &Source{Source: &content.Source{URL: url}}
}
