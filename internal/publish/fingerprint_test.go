package publish

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"
)

// TestFingerprintLine: a fingerprint survives its line in the Marker, and a
// line that is not one is refused.
func TestFingerprintLine(t *testing.T) {
	t.Parallel()
	for _, fp := range []fingerprint{
		{},
		{statKey{size: 24576, ino: 1<<64 - 1, mtime: 1796224849678708192, ctime: -5}, 0x923d254820d57c19},
	} {
		line := string(appendFingerprint(nil, fp))
		if got, ok := parseFingerprint(line); !ok || got != fp {
			t.Errorf("parseFingerprint(%q) = %+v, %v; want %+v", line, got, ok, fp)
		}
	}
	for _, line := range []string{
		"/",
		"/ ",
		"/secret",
		"/ 1 2 3 4",
		"/ 1 2 3 4 5 6",
		"/ -1 2 3 4 5",
		"/ 1 x 3 4 5",
		"/ 1 2 3 4 xyz",
		"/  1 2 3 4 5",
		"1 2 3 4 5",
	} {
		if fp, ok := parseFingerprint(line); ok {
			t.Errorf("parseFingerprint(%q) = %+v, want it refused", line, fp)
		}
	}
}

// TestFingerprintsHiddenFromOlderDossier: a dossier that records no
// fingerprints takes every line after the header that is an output path
// as a file of its own, and drops the others; the lines of fingerprints
// must be among those it drops, so that it reads the same list.
func TestFingerprintsHiddenFromOlderDossier(t *testing.T) {
	t.Parallel()
	names := []string{"a/index.html", "b", "c/d/e.json"}
	fps := map[string]fingerprint{
		"a/index.html": {statKey{1, 2, 3, 4}, 5},
		"c/d/e.json":   {statKey{1 << 40, 1 << 60, -1, 1 << 62}, 1<<64 - 1},
	}
	text := string(markerText(names, true, fps))
	_, list, ok := strings.Cut(text, markerComplete+"\n")
	if !ok {
		t.Fatalf("markerText() = %q, want the header line", text)
	}
	var got []string
	for line := range strings.Lines(list) {
		line = strings.TrimSuffix(line, "\n")
		if checkName(line) == nil { // as a dossier before fingerprints read it
			got = append(got, line)
		}
	}
	if !slices.Equal(got, names) {
		t.Errorf("names an older dossier reads = %q, want %q", got, names)
	}
}

// TestReadMarkerFingerprints: readMarker gives each fingerprint to the
// name on the line before it, and drops one that follows no valid name.
func TestReadMarkerFingerprints(t *testing.T) {
	t.Parallel()
	fp := func(n int64) string {
		return string(appendFingerprint(nil, fingerprint{statKey{n, 2, 3, 4}, 5})) + "\n"
	}
	tests := []struct {
		name   string
		list   string // after the header line
		files  []string
		wantFP map[string]int64 // name → size in its fingerprint
	}{
		{"none, as an older dossier wrote", "a\nb\n", []string{"a", "b"}, map[string]int64{}},
		{"each after its name", "a\n" + fp(1) + "b\nc\n" + fp(3), []string{"a", "b", "c"}, map[string]int64{"a": 1, "c": 3}},
		{"before any name", fp(1) + "a\n", []string{"a"}, map[string]int64{}},
		{"after a name that is dropped", "../x\n" + fp(1) + "a\n" + fp(2), []string{"a"}, map[string]int64{"a": 2}},
		{"two in a row", "a\n" + fp(1) + fp(2), []string{"a"}, map[string]int64{"a": 1}},
		{"not well-formed", "a\n/ 1 2\nb\n", []string{"a", "b"}, map[string]int64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			put(t, dir, files(Marker, markerHead+markerComplete+"\n"+tt.list))
			m, err := readMarker(dir)
			if err != nil || m == nil {
				t.Fatalf("readMarker() = %v, %v", m, err)
			}
			got := make(map[string]int64)
			for n, fp := range m.fps {
				got[n] = fp.stat.size
			}
			if !slices.Equal(m.files, tt.files) || !maps.Equal(got, tt.wantFP) {
				t.Errorf("readMarker() = %q with fingerprints %v, want %q with %v", m.files, got, tt.files, tt.wantFP)
			}

			// What Begin keeps for Output.WriteOrKeep tells the same.
			h := readHeld([]byte(markerHead + markerComplete + "\n" + tt.list))
			for _, name := range tt.files {
				size, want := tt.wantFP[name]
				var hash uint64
				ok := h != nil
				if ok {
					hash, ok = h.lookup(name)
				}
				if ok {
					ok = h.is(hash, fingerprint{statKey{size, 2, 3, 4}, 5})
					if h.is(hash, fingerprint{statKey{size, 2, 3, 5}, 5}) || h.is(hash, fingerprint{statKey{size, 2, 3, 4}, 6}) {
						t.Errorf("readHeld(): %s is held with other fingerprints too", name)
					}
				}
				if ok != want {
					t.Errorf("readHeld(): %s held with its fingerprint = %v, want %v", name, ok, want)
				}
			}
		})
	}
}

// TestReadHeldOlderMarker: a marker without a list, or without
// fingerprints, holds nothing for Output.WriteOrKeep.
func TestReadHeldOlderMarker(t *testing.T) {
	t.Parallel()
	fp := string(appendFingerprint(nil, fingerprint{statKey{1, 2, 3, 4}, 5}))
	for _, text := range []string{
		"",
		"a\n" + fp + "\n", // no header line: not a list of files
		markerHead + markerComplete + "\na\nb\n",
	} {
		if h := readHeld([]byte(text)); h != nil {
			t.Errorf("readHeld(%q) = %+v, want nil", text, h)
		}
	}
}

// TestChecksumInPieces: a file staged in pieces (Output.Create) has the
// checksum of its bytes written whole.
func TestChecksumInPieces(t *testing.T) {
	t.Parallel()
	data := bytes.Repeat([]byte("0123456789abcdef"), packBatch/16+1000)
	o, w := createIn(t, "big")
	for rest := data; len(rest) > 0; {
		n := min(len(rest), 1+len(rest)%7919)
		w.Write(rest[:n])
		rest = rest[n:]
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := o.Write("whole", data); err != nil {
		t.Fatal(err)
	}
	if a, b := o.pack.files["big"].sum, o.pack.files["whole"].sum; a != b {
		t.Errorf("checksum staged in pieces = %x, written whole %x", a, b)
	}
}
