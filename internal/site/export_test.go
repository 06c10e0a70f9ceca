package site

// Updated reports whether b's last build updated the model of the build
// before in place, rather than loading the whole site again.
func Updated(b *Builder) bool { return b.updated }
