package xref

// ResolveSplit is Resolve, resolving chunk points or sources at a time on
// each CPU, and sharing the sources out among shares goroutines for
// backlinks.
var ResolveSplit = resolve
