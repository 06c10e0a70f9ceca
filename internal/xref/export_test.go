package xref

// ResolveChunked is Resolve, resolving chunk points at a time on each CPU.
var ResolveChunked = resolve
