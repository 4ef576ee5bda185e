package ocsf

import (
	"bytes"
	"cmp"
	"slices"

	"github.com/lakehunt/lakehunt/storage/jsontext"
)

// Renderings of a parsed record. Strings are always written in one canonical
// escaping (only '"', '\\' and control characters escaped, everything else
// as UTF-8), so a record read from an S3 file, from a lookup-events string
// (often \u-escaped) or from an NDJSON line renders the same way.

// appendCanonical appends node i with object members sorted by key and no
// insignificant space; numbers stay as written. This is the text the dedup
// key hashes. order is scratch space for member lists, shared by levels.
func (t *jsonTree) appendCanonical(dst []byte, i int32, order *[]sortedMember) []byte {
	n := &t.nodes[i]
	switch n.kind {
	case jsonObject:
		base := len(*order)
		for c := n.firstChild; c != noNode; c = t.nodes[c].nextSibling {
			*order = append(*order, sortedMember{prefix: keyPrefix(t.keyBytes(c)), node: c})
		}
		t.sortMembers((*order)[base:])
		dst = append(dst, '{')
		for k := base; k < len(*order); k++ {
			c := (*order)[k].node
			if k > base {
				dst = append(dst, ',')
			}
			dst = t.appendKey(dst, c)
			dst = append(dst, ':')
			dst = t.appendCanonical(dst, c, order)
		}
		*order = (*order)[:base]
		return append(dst, '}')
	case jsonArray:
		dst = append(dst, '[')
		for c := n.firstChild; c != noNode; c = t.nodes[c].nextSibling {
			if c != n.firstChild {
				dst = append(dst, ',')
			}
			dst = t.appendCanonical(dst, c, order)
		}
		return append(dst, ']')
	default:
		return t.appendScalar(dst, i)
	}
}

// sortedMember is an object member with the first eight bytes of its key
// packed big-endian, so that most key comparisons are one integer compare.
type sortedMember struct {
	prefix uint64
	node   int32
}

func keyPrefix(key []byte) uint64 {
	var prefix uint64
	for i := range 8 {
		prefix <<= 8
		if i < len(key) {
			prefix |= uint64(key[i])
		}
	}
	return prefix
}

// sortMembers sorts by key, keeping repeated keys in input order. Objects
// are small, so an insertion sort on the packed prefixes beats a generic
// sort; a large object falls back to the generic one to stay O(n log n).
func (t *jsonTree) sortMembers(members []sortedMember) {
	if len(members) > 48 {
		slices.SortStableFunc(members, func(a, b sortedMember) int {
			if c := cmp.Compare(a.prefix, b.prefix); c != 0 {
				return c
			}
			return bytes.Compare(t.keyBytes(a.node), t.keyBytes(b.node))
		})
		return
	}
	for i := 1; i < len(members); i++ {
		for j := i; j > 0 && t.memberLess(members[j], members[j-1]); j-- {
			members[j], members[j-1] = members[j-1], members[j]
		}
	}
}

func (t *jsonTree) memberLess(a, b sortedMember) bool {
	if a.prefix != b.prefix {
		return a.prefix < b.prefix
	}
	return bytes.Compare(t.keyBytes(a.node), t.keyBytes(b.node)) < 0
}

// appendCompact appends node i in input order without insignificant space:
// the form of api.request.data, api.response.data and arrays in unmapped.
func (t *jsonTree) appendCompact(dst []byte, i int32) []byte {
	n := &t.nodes[i]
	if n.verbatim {
		return append(dst, t.src[n.start:n.end]...)
	}
	switch n.kind {
	case jsonObject, jsonArray:
		open, closing := byte('['), byte(']')
		if n.kind == jsonObject {
			open, closing = '{', '}'
		}
		dst = append(dst, open)
		for c := n.firstChild; c != noNode; c = t.nodes[c].nextSibling {
			if c != n.firstChild {
				dst = append(dst, ',')
			}
			if n.kind == jsonObject {
				dst = t.appendKey(dst, c)
				dst = append(dst, ':')
			}
			dst = t.appendCompact(dst, c)
		}
		return append(dst, closing)
	default:
		return t.appendScalar(dst, i)
	}
}

func (t *jsonTree) appendScalar(dst []byte, i int32) []byte {
	n := &t.nodes[i]
	if n.kind == jsonString && !n.plain {
		return appendQuoted(dst, jsontext.AppendUnescaped(nil, t.src[n.start+1:n.end-1]))
	}
	return append(dst, t.src[n.start:n.end]...)
}

func (t *jsonTree) appendKey(dst []byte, i int32) []byte {
	n := &t.nodes[i]
	if n.keyPlain {
		dst = append(dst, '"')
		dst = append(dst, t.src[n.keyStart:n.keyEnd]...)
		return append(dst, '"')
	}
	return appendQuoted(dst, t.keyBytes(i))
}

// appendQuoted writes text as a JSON string in the canonical escaping.
func appendQuoted(dst, text []byte) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for _, c := range text {
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c == '\n':
			dst = append(dst, '\\', 'n')
		case c == '\r':
			dst = append(dst, '\\', 'r')
		case c == '\t':
			dst = append(dst, '\\', 't')
		case c < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '"')
}

// compactText is node i rendered compactly, or "" for null and absent
// nodes: the value of a *.data column.
func (t *jsonTree) compactText(i int32) string {
	if i == noNode || t.nodes[i].kind == jsonNull {
		return ""
	}
	if n := &t.nodes[i]; n.verbatim {
		return t.text[n.start:n.end]
	}
	return string(t.appendCompact(nil, i))
}

// flattenUnused adds every value under node i that the mapping did not use to
// out, named by its dotted path: objects are descended into, arrays are
// stored as compact JSON, strings as their text, numbers as written, booleans
// as "true"/"false"; nulls are dropped, and an object that leaves nothing
// else is stored as compact JSON. path is scratch holding the name of i.
func (t *jsonTree) flattenUnused(out map[string]string, i int32, path []byte) {
	n := &t.nodes[i]
	if n.used {
		return
	}
	switch n.kind {
	case jsonNull:
	case jsonObject:
		before, used := len(out), false
		for c := n.firstChild; c != noNode; c = t.nodes[c].nextSibling {
			if t.nodes[c].used {
				used = true
				continue
			}
			child := path
			if len(child) > 0 {
				child = append(child, '.')
			}
			child = append(child, t.keyBytes(c)...)
			t.flattenUnused(out, c, child)
		}
		if !used && len(out) == before {
			// An object that left no trace ({} or only nulls) is kept as
			// its JSON text: present and empty is not absent.
			out[unmappedName(path)] = t.compactText(i)
		}
	case jsonString:
		out[unmappedName(path)] = t.stringText(i)
	default:
		out[unmappedName(path)] = t.compactText(i)
	}
}

// commonUnmappedNames are nested names most records repeat; handing out one
// shared string for each saves an allocation per field per record.
var commonUnmappedNames = func() map[string]string {
	names := map[string]string{}
	for _, name := range []string{
		"tlsDetails.tlsVersion", "tlsDetails.cipherSuite", "tlsDetails.clientProvidedHostHeader",
		"userIdentity.sessionContext.sessionIssuer.type", "userIdentity.sessionContext.sessionIssuer.principalId",
		"userIdentity.sessionContext.sessionIssuer.accountId", "userIdentity.sessionContext.sessionIssuer.userName",
		"userIdentity.sessionContext.ec2RoleDelivery", "userIdentity.sessionContext.sourceIdentity",
		"userIdentity.sessionContext.assumedRoot", "userIdentity.inScopeOf.issuerType",
		"userIdentity.inScopeOf.credentialsIssuedTo", "userIdentity.inScopeOf.issuerAccountId",
		"additionalEventData.MFAIdentifier", "additionalEventData.MobileVersion", "additionalEventData.MFAUsed",
		"additionalEventData.LoginTo", "additionalEventData.SignatureVersion", "additionalEventData.CipherSuite",
		"additionalEventData.AuthenticationMethod", "additionalEventData.bytesTransferredIn",
		"additionalEventData.bytesTransferredOut", "additionalEventData.x-amz-id-2", "additionalEventData.CredentialType",
		"additionalEventData.AuthWorkflowID", "additionalEventData.service",
		"addendum.reason", "addendum.updatedFields", "addendum.originalRequestID", "addendum.originalEventID",
	} {
		names[name] = name
	}
	return names
}()

func unmappedName(path []byte) string {
	if name, ok := commonUnmappedNames[string(path)]; ok {
		return name
	}
	return string(path)
}

// unmappedTop flattens the unused members of the top-level object; a
// top-level name is a substring of the record, not a new string.
func (t *jsonTree) unmappedTop(root int32) map[string]string {
	count := 0
	for c := t.nodes[root].firstChild; c != noNode; c = t.nodes[c].nextSibling {
		if !t.nodes[c].used && t.nodes[c].kind != jsonNull {
			count++
		}
	}
	if count == 0 {
		return nil
	}
	out := make(map[string]string, count+4)
	var path []byte
	for c := t.nodes[root].firstChild; c != noNode; c = t.nodes[c].nextSibling {
		n := &t.nodes[c]
		if n.used {
			continue
		}
		switch n.kind {
		case jsonNull:
		case jsonObject:
			t.flattenUnused(out, c, append(path[:0], t.keyBytes(c)...))
		case jsonString:
			out[t.keyText(c)] = t.stringText(c)
		default:
			out[t.keyText(c)] = t.compactText(c)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
