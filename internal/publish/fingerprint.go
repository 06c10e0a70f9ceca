package publish

import (
	"bytes"
	"cmp"
	"hash/crc32"
	"hash/maphash"
	"slices"
	"strconv"
	"strings"
)

// fingerprint is what the Marker records of a file that dossier made and
// knows the bytes of: its stat (size, inode, modification and change times)
// and a checksum of its bytes. A later build whose staged file has that
// size and checksum, and finds the file with that stat, leaves it alone
// without reading it (see the package doc for when one is recorded).
type fingerprint struct {
	stat statKey
	sum  uint64
}

// statKey is the part of a file's stat that a fingerprint records. Times
// are in nanoseconds since 1970.
type statKey struct {
	size         int64
	ino          uint64
	mtime, ctime int64
}

// The checksum of a file's bytes is two CRC-32s side by side, Castagnoli
// and IEEE: together a CRC of degree 64, computed by the processor's own
// instructions on amd64 and arm64 (40–50 GB/s on the project's machine,
// where FNV-1a 64 does 0.85 GB/s and SHA-256 1.7). hash/maphash is as fast
// but its seed cannot be fixed, so its sums cannot be kept between builds.
// A checksum is not a cryptographic hash: it guards against chance, and an
// output file is not an adversary's.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// checksum is a running checksum of a file's bytes.
type checksum struct{ c, i uint32 }

func (s checksum) update(b []byte) checksum {
	return checksum{crc32.Update(s.c, castagnoli, b), crc32.Update(s.i, crc32.IEEETable, b)}
}

func (s checksum) sum() uint64 { return uint64(s.c)<<32 | uint64(s.i) }

// fingerprintPrefix begins the line of a fingerprint in the Marker, after
// the line of the file it belongs to. No output path begins with "/", so
// a dossier that did not record fingerprints skips these lines as names it
// must not touch.
const fingerprintPrefix = "/ "

// appendFingerprint appends the Marker line of fp, without its line break:
// the prefix, then size, inode, modification and change times (in
// nanoseconds) in decimal, and the checksum in hexadecimal.
func appendFingerprint(b []byte, fp fingerprint) []byte {
	b = append(b, fingerprintPrefix...)
	b = strconv.AppendInt(b, fp.stat.size, 10)
	b = append(b, ' ')
	b = strconv.AppendUint(b, fp.stat.ino, 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, fp.stat.mtime, 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, fp.stat.ctime, 10)
	b = append(b, ' ')
	return strconv.AppendUint(b, fp.sum, 16)
}

// parseFingerprint parses a line that appendFingerprint wrote, or reports
// false.
func parseFingerprint(line string) (fingerprint, bool) {
	rest, ok := strings.CutPrefix(line, fingerprintPrefix)
	if !ok {
		return fingerprint{}, false
	}
	var f [5]string
	for i := range f {
		if i < len(f)-1 {
			f[i], rest, ok = strings.Cut(rest, " ")
			if !ok {
				return fingerprint{}, false
			}
		} else {
			f[i] = rest
		}
	}
	var (
		fp   fingerprint
		errs [5]error
	)
	fp.stat.size, errs[0] = strconv.ParseInt(f[0], 10, 64)
	fp.stat.ino, errs[1] = strconv.ParseUint(f[1], 10, 64)
	fp.stat.mtime, errs[2] = strconv.ParseInt(f[2], 10, 64)
	fp.stat.ctime, errs[3] = strconv.ParseInt(f[3], 10, 64)
	fp.sum, errs[4] = strconv.ParseUint(f[4], 16, 64)
	for _, err := range errs {
		if err != nil {
			return fingerprint{}, false
		}
	}
	if fp.stat.size < 0 {
		return fingerprint{}, false
	}
	return fp, true
}

// held is what Begin keeps of the fingerprints in the marker, for
// Output.Write to tell whether the output holds a file: for each
// file with a fingerprint, a hash of its name and one of the marker's
// line of its fingerprint, in the order of the names' hashes. At 16 bytes
// a file, it costs the build's peak memory a tenth of what the marker's
// fingerprints by name would (half a megabyte for the 29,000 files of a
// 10,000-point site). A hash may collide: a wrong guess costs only making
// a file again, as Commit checks every kept file by the marker itself.
type held struct {
	seed maphash.Seed
	fps  []heldFile
}

type heldFile struct{ name, fp uint64 }

// readHeld returns what data, the text of a Marker, says of the
// fingerprints of its files, or nil if it records none.
func readHeld(data []byte) *held {
	h := &held{seed: maphash.MakeSeed()}
	var (
		listed bool   // past the line that begins the list
		last   []byte // the name on the line before, if any
	)
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		switch {
		case !listed:
			s := string(line)
			listed = s == markerComplete || s == markerIncomplete
		case bytes.HasPrefix(line, []byte(fingerprintPrefix)):
			if last != nil {
				h.fps = append(h.fps, heldFile{maphash.Bytes(h.seed, last), maphash.Bytes(h.seed, line)})
			}
			last = nil
		default:
			last = line
		}
	}
	if len(h.fps) == 0 {
		return nil
	}
	slices.SortFunc(h.fps, func(a, b heldFile) int { return cmp.Compare(a.name, b.name) })
	return h
}

// lookup returns the hash of the line of the fingerprint of the file
// name, if there is one.
func (h *held) lookup(name string) (uint64, bool) {
	k := maphash.String(h.seed, name)
	i, ok := slices.BinarySearchFunc(h.fps, k, func(f heldFile, k uint64) int { return cmp.Compare(f.name, k) })
	if !ok {
		return 0, false
	}
	return h.fps[i].fp, true
}

// is reports whether fp hashes to the hash of the line of a fingerprint
// that lookup returned.
func (h *held) is(hash uint64, fp fingerprint) bool {
	var buf [128]byte
	return maphash.Bytes(h.seed, appendFingerprint(buf[:0], fp)) == hash
}
