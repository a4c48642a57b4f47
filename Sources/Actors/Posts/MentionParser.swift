/// Finds who a post mentions and which hashtags it carries, at post time, as pure functions of the message and the
/// members so the channel actor can call them inside its turn. There is no regex: Markdown code is cut out in
/// linear time, the prose is walked once over its UTF-8, and every name is a look-up in dictionaries built once per
/// call, so the cost is O(message bytes + members + keys) however many `@x` a 16,383-rune message holds.
public enum MentionParser {
    /// Custom mention keys read per member. The notify prop is free text a user controls, so a bound keeps one
    /// member from making every post's parse slow.
    public static let mentionKeysPerMemberMax = 64
    /// Mattermost's limit on a post's `hashtags` field, in runes (API-NOTES §7).
    public static let hashtagsRunesMax = 1000
    /// The shortest hashtag, `#` included: `#` plus a letter plus one more letter or digit.
    public static let hashtagRunesMin = 3

    /// The names that are flags rather than users.
    static let channelWord = "channel", allWord = "all", hereWord = "here"

    public static func parse(message: String, authorID: ID, channelKind: Channel.Kind,
                             members: [MentionCandidate]) -> Mentions {
        let bytes = Array(message.utf8)
        var scan = Scan(bytes: bytes, index: Index(members: members))
        for range in MarkdownProse.ranges(in: bytes) { scan.run(over: range) }

        var ids = scan.ids
        let channelWide = scan.usedChannel || scan.usedAll
        for member in members where channelWide || scan.usedHere || channelKind == .direct {
            let wantsChannel = member.notifyProps["channel"] != "false"
            if channelKind == .direct || (wantsChannel && (channelWide || member.isOnline)) {
                ids.insert(member.userID)
            }
        }
        ids.remove(authorID)
        return Mentions(userIDs: ids.sorted(), usedChannel: scan.usedChannel, usedAll: scan.usedAll,
                        usedHere: scan.usedHere, otherUsernames: scan.others)
    }

    /// Mattermost's `hashtags` field: each `#word` outside code that starts with a letter, continues with letters,
    /// digits, `_`, `-` or `.` (trailing `.`, `-` and `_` are punctuation), and has at least three runes. They are
    /// unique, in order, joined by single spaces, and the list stops before the tag that would pass the limit.
    public static func hashtags(in message: String) -> String {
        let bytes = Array(message.utf8)
        var out = "", outRunes = 0, seen = Set<String>()
        for range in MarkdownProse.ranges(in: bytes) {
            var i = range.lowerBound
            while i < range.upperBound {
                guard bytes[i] == UInt8(ascii: "#"), hashtagMayStart(bytes, at: i),
                      let (end, runes) = hashtagEnd(bytes, from: i, limit: range.upperBound) else { i += 1; continue }
                let tag = String(decoding: bytes[i..<end], as: UTF8.self)
                if seen.insert(tag).inserted {
                    let added = (out.isEmpty ? 0 : 1) + runes
                    guard outRunes + added <= hashtagsRunesMax else { return out }
                    out += out.isEmpty ? tag : " " + tag
                    outRunes += added
                }
                i = end
            }
        }
        return out
    }

    /// A `#` starts a tag only at a word's start; `&#38;`, `page#anchor`, `/#/route` and `##` are not tags.
    private static func hashtagMayStart(_ b: [UInt8], at i: Int) -> Bool {
        guard i > 0 else { return true }
        let before = UTF8Scalars.scalar(endingBefore: i, in: b)
        return !UTF8Scalars.isWord(before) && !"#&/".unicodeScalars.contains(before)
    }

    /// The end of the tag starting at `i` (after trailing punctuation is dropped) and its length in runes, or nil.
    private static func hashtagEnd(_ b: [UInt8], from i: Int, limit: Int) -> (Int, Int)? {
        var j = i + 1, runes = 1
        guard j < limit, UTF8Scalars.scalar(at: j, in: b).scalar.properties.isAlphabetic else { return nil }
        while j < limit {
            let (scalar, length) = UTF8Scalars.scalar(at: j, in: b)
            guard UTF8Scalars.isWord(scalar) || scalar == "-" || scalar == "." else { break }
            (j, runes) = (j + length, runes + 1)
        }
        // A tag glued to another `#` or `@` is some other syntax, not a word.
        if j < limit, b[j] == UInt8(ascii: "#") || b[j] == UInt8(ascii: "@") { return nil }
        while UTF8Scalars.isTrailingPunctuation(b[j - 1]) { (j, runes) = (j - 1, runes - 1) }
        return runes >= hashtagRunesMin ? (j, runes) : nil
    }
}

extension MentionParser {
    /// A custom key that is not one plain word (`on-call`, `new york`, `c++`, `#release`). It is found by its
    /// first word, then compared rune by rune, so the look-up stays a dictionary hit for every other word.
    struct Phrase {
        var text: [UInt8]      // the whole key, lowercased
        var prefixCount: Int   // bytes of `text` before its first word
        var ids: [ID]
    }

    /// What the members make findable, built once per call.
    struct Index {
        var usernames: [String: ID] = [:]
        var atKeys: [String: [ID]] = [:]      // keys written `@name`, matched only as `@name`
        var wordKeys: [String: [ID]] = [:]    // keys that are one word, and enabled first names
        var phrases: [String: [Phrase]] = [:] // by their first word

        init(members: [MentionCandidate]) {
            var phraseIDs: [[UInt8]: [ID]] = [:]
            for member in members {
                usernames[member.username.lowercased()] = member.userID
                var keys = (member.notifyProps["mention_keys"] ?? "").split(separator: ",")
                    .prefix(MentionParser.mentionKeysPerMemberMax).map(String.init)
                if member.notifyProps["first_name"] == "true" { keys.append(member.firstName) }
                for key in keys {
                    let text = UTF8Scalars.lowered(key.unicodeScalars.drop(while: \.properties.isWhitespace)
                        .reversed().drop(while: \.properties.isWhitespace).reversed())
                    guard !text.isEmpty else { continue }
                    if text[0] == UInt8(ascii: "@"), text.count > 1, text.dropFirst().allSatisfy(isUsernameByte) {
                        atKeys[String(decoding: text.dropFirst(), as: UTF8.self), default: []].append(member.userID)
                    } else if UTF8Scalars.allWord(text) {
                        wordKeys[String(decoding: text, as: UTF8.self), default: []].append(member.userID)
                    } else {
                        phraseIDs[text, default: []].append(member.userID)
                    }
                }
            }
            for (text, ids) in phraseIDs {
                // A key with no word in it (`++`) has no whole-word meaning, so it is ignored.
                guard let first = UTF8Scalars.firstWord(in: text) else { continue }
                let word = String(decoding: text[first], as: UTF8.self)
                phrases[word, default: []].append(Phrase(text: text, prefixCount: first.lowerBound, ids: ids))
            }
        }
    }

    /// The characters of a username: Mattermost's `[a-z0-9.\-_]`, matched case-insensitively.
    static func isUsernameByte(_ byte: UInt8) -> Bool {
        byte < 0x80 && (UTF8Scalars.isWord(Unicode.Scalar(byte)) || UTF8Scalars.isTrailingPunctuation(byte))
    }
}

extension MentionParser {
    /// The longest name a lookup can succeed for: Mattermost's server-side username limit. Longer `@tokens` are
    /// only stripped, never hashed, so a token of 16,000 dots costs a walk and not a quadratic series of look-ups.
    static let nameBytesMax = 64

    /// The one pass over the prose; its state is what has been found so far.
    struct Scan {
        let bytes: [UInt8]
        let index: Index
        var ids = Set<ID>()
        var usedChannel = false, usedAll = false, usedHere = false
        var others: [String] = []
        var othersSeen = Set<String>()
        var phrasesFound = Set<[UInt8]>()

        mutating func run(over range: Range<Int>) {
            var i = range.lowerBound
            var afterWord = false   // an `@` right after a word is an e-mail address, not a mention
            while i < range.upperBound {
                let (scalar, length) = UTF8Scalars.scalar(at: i, in: bytes)
                if UTF8Scalars.isWord(scalar) {
                    var end = i + length
                    while end < range.upperBound {
                        let next = UTF8Scalars.scalar(at: end, in: bytes)
                        guard UTF8Scalars.isWord(next.scalar) else { break }
                        end += next.length
                    }
                    word(i..<end, in: range)
                    (i, afterWord) = (end, true)
                } else if scalar == "@", !afterWord, let end = mention(at: i, limit: range.upperBound) {
                    (i, afterWord) = (end, true)
                } else {
                    (i, afterWord) = (i + length, false)
                }
            }
        }

        /// Handles the `@name` at `at` and returns where it ends, or nil when the name runs on into a letter that
        /// no username has (`@aliceé`), which makes it some other word.
        mutating func mention(at: Int, limit: Int) -> Int? {
            var end = at + 1
            while end < limit, MentionParser.isUsernameByte(bytes[end]) { end += 1 }
            if end < limit, UTF8Scalars.isWord(UTF8Scalars.scalar(at: end, in: bytes).scalar) { return nil }
            var name = String(decoding: bytes[(at + 1)..<end].map(UTF8Scalars.asciiLowered), as: UTF8.self)
            // Trailing `.`, `-` and `_` belong to the name only if the longer name is someone's: `@alice.` is alice.
            while true {
                if name.utf8.count <= MentionParser.nameBytesMax, resolve(name) { return end }
                guard let last = name.utf8.last, UTF8Scalars.isTrailingPunctuation(last) else { break }
                name.removeLast()
            }
            if !name.isEmpty, name.utf8.count <= MentionParser.nameBytesMax, othersSeen.insert(name).inserted {
                others.append(name)
            }
            return end
        }

        /// Records what `@name` reaches; false when it reaches nobody.
        mutating func resolve(_ name: String) -> Bool {
            if name == MentionParser.channelWord { usedChannel = true; return true }
            if name == MentionParser.allWord { usedAll = true; return true }
            if name == MentionParser.hereWord { usedHere = true; return true }
            var found = false
            if let id = index.usernames[name] { ids.insert(id); found = true }
            // `@marketing` reaches whoever chose `marketing` or `@marketing` as a key.
            for keyed in [index.atKeys[name], index.wordKeys[name]] {
                if let keyed { ids.formUnion(keyed); found = true }
            }
            return found
        }

        mutating func word(_ word: Range<Int>, in prose: Range<Int>) {
            guard !index.wordKeys.isEmpty || !index.phrases.isEmpty else { return }
            let original = String(decoding: bytes[word], as: UTF8.self)
            let text = String(decoding: UTF8Scalars.lowered(original.unicodeScalars), as: UTF8.self)
            if let keyed = index.wordKeys[text] { ids.formUnion(keyed) }
            guard let phrases = index.phrases[text] else { return }
            for phrase in phrases where !phrasesFound.contains(phrase.text) && matches(phrase, word, prose) {
                ids.formUnion(phrase.ids)
                phrasesFound.insert(phrase.text)
            }
        }

        /// Whether the phrase key occurs whole around the word starting at `word.lowerBound`: its leading
        /// punctuation just before, the rest compared rune by rune lowercased, and no letter on either side.
        func matches(_ phrase: Phrase, _ word: Range<Int>, _ prose: Range<Int>) -> Bool {
            let start = word.lowerBound - phrase.prefixCount
            guard start >= prose.lowerBound,
                  bytes[start..<word.lowerBound].elementsEqual(phrase.text[..<phrase.prefixCount]) else { return false }
            if start > prose.lowerBound, UTF8Scalars.isWord(UTF8Scalars.scalar(endingBefore: start, in: bytes)) {
                return false
            }
            var i = word.lowerBound, t = phrase.prefixCount
            var lowered: [UInt8] = []
            while t < phrase.text.count {
                guard i < prose.upperBound else { return false }
                let (scalar, length) = UTF8Scalars.scalar(at: i, in: bytes)
                lowered.removeAll(keepingCapacity: true)
                UTF8Scalars.appendLowered(scalar, to: &lowered)
                guard t + lowered.count <= phrase.text.count,
                      phrase.text[t..<(t + lowered.count)].elementsEqual(lowered) else { return false }
                (t, i) = (t + lowered.count, i + length)
            }
            return i >= prose.upperBound || !UTF8Scalars.isWord(UTF8Scalars.scalar(at: i, in: bytes).scalar)
        }
    }
}

extension MentionParser {
    /// Cuts Markdown code out of a message, as Mattermost's markdown walk does: what remains are the byte ranges
    /// where mentions and hashtags count. Lines are classified once; code spans are matched per paragraph.
    enum MarkdownProse {
        static let fenceRunMin = 3, fenceIndentMax = 3, indentedCodeColumns = 4, tabColumns = 4

        static func ranges(in b: [UInt8]) -> [Range<Int>] {
            var out: [Range<Int>] = []
            var paragraph: Range<Int>?
            var fence: (byte: UInt8, count: Int)?
            func flush() {
                if let p = paragraph { cutCodeSpans(b, p, into: &out) }
                paragraph = nil
            }
            var lineStart = 0
            while lineStart < b.count {
                var lineEnd = lineStart
                while lineEnd < b.count, b[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                let contentEnd = lineEnd > lineStart && b[lineEnd - 1] == UInt8(ascii: "\r") ? lineEnd - 1 : lineEnd
                var first = lineStart, columns = 0
                while first < contentEnd, b[first] == UInt8(ascii: " ") || b[first] == UInt8(ascii: "\t") {
                    columns = b[first] == UInt8(ascii: " ") ? columns + 1 : (columns / tabColumns + 1) * tabColumns
                    first += 1
                }
                let content = first..<contentEnd
                if let open = fence {
                    if columns <= fenceIndentMax, let close = fenceRun(b, content), close.byte == open.byte,
                       close.count >= open.count, close.infoIsBlank { fence = nil }
                } else if content.isEmpty {
                    flush()
                } else if columns >= indentedCodeColumns, paragraph == nil {
                    // An indented code line; indentation inside a paragraph only continues it (CommonMark).
                } else if columns <= fenceIndentMax, let open = fenceRun(b, content), open.infoAllowed {
                    flush()
                    fence = (open.byte, open.count)
                } else {
                    paragraph = (paragraph?.lowerBound ?? lineStart)..<lineEnd
                }
                lineStart = lineEnd + 1
            }
            flush()
            return out
        }

        /// The run of three or more backticks or tildes a line starts with, and what follows it on the line.
        private static func fenceRun(_ b: [UInt8], _ line: Range<Int>)
            -> (byte: UInt8, count: Int, infoIsBlank: Bool, infoAllowed: Bool)? {
            guard let byte = line.first.map({ b[$0] }), byte == UInt8(ascii: "`") || byte == UInt8(ascii: "~") else {
                return nil
            }
            var end = line.lowerBound
            while end < line.upperBound, b[end] == byte { end += 1 }
            guard end - line.lowerBound >= fenceRunMin else { return nil }
            let info = b[end..<line.upperBound]
            let blank = info.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            // A backtick fence's info string cannot hold a backtick, or the line would be an inline span.
            let allowed = byte == UInt8(ascii: "~") || !info.contains(UInt8(ascii: "`"))
            return (byte, end - line.lowerBound, blank, allowed)
        }

        /// Appends the parts of a paragraph outside inline code spans. A run of n backticks opens a span only if
        /// a later run of exactly n closes it; per-length cursors only move forward, so this stays linear even
        /// for a message of many unmatched runs.
        static func cutCodeSpans(_ b: [UInt8], _ range: Range<Int>, into out: inout [Range<Int>]) {
            var runs: [(start: Int, count: Int)] = []
            var i = range.lowerBound
            while i < range.upperBound {
                guard b[i] == UInt8(ascii: "`") else { i += 1; continue }
                var j = i + 1
                while j < range.upperBound, b[j] == UInt8(ascii: "`") { j += 1 }
                runs.append((i, j - i))
                i = j
            }
            var byCount: [Int: [Int]] = [:]
            for (k, run) in runs.enumerated() { byCount[run.count, default: []].append(k) }
            var cursor: [Int: Int] = [:]
            var prose = range.lowerBound, k = 0
            while k < runs.count {
                let run = runs[k], list = byCount[run.count] ?? []
                var c = cursor[run.count] ?? 0
                while c < list.count, list[c] <= k { c += 1 }
                cursor[run.count] = c
                guard c < list.count else { k += 1; continue }
                if prose < run.start { out.append(prose..<run.start) }
                let close = runs[list[c]]
                prose = close.start + close.count
                k = list[c] + 1
            }
            if prose < range.upperBound { out.append(prose..<range.upperBound) }
        }
    }
}

extension MentionParser {
    /// Unicode scalars read straight from valid UTF-8 (a Swift String's bytes), and the word rules on them.
    enum UTF8Scalars {
        static func scalar(at i: Int, in b: [UInt8]) -> (scalar: Unicode.Scalar, length: Int) {
            let lead = b[i]
            if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            var value = UInt32(lead) & (0x7F >> length)
            for k in 1..<length { value = value << 6 | UInt32(b[i + k] & 0x3F) }
            return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
        }

        static func scalar(endingBefore i: Int, in b: [UInt8]) -> Unicode.Scalar {
            var start = i - 1
            while start > 0, b[start] & 0xC0 == 0x80 { start -= 1 }
            return scalar(at: start, in: b).scalar
        }

        /// Letters (any script), combining marks, decimal digits and `_`: what a whole-word match may not touch.
        static func isWord(_ s: Unicode.Scalar) -> Bool {
            if s.isASCII {
                return ("a"..."z") ~= Unicode.Scalar(UInt8(s.value) | 0x20) || ("0"..."9") ~= s || s == "_"
            }
            let p = s.properties
            if p.isAlphabetic || p.numericType == .decimal { return true }
            switch p.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return true
            default: return false
            }
        }

        static func isTrailingPunctuation(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }

        static func asciiLowered(_ byte: UInt8) -> UInt8 {
            byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
        }

        /// Lowercases rune by rune, the same way keys and message words are both lowered, so they compare equal.
        static func appendLowered(_ s: Unicode.Scalar, to out: inout [UInt8]) {
            if s.isASCII { out.append(asciiLowered(UInt8(s.value))); return }
            for lower in s.properties.lowercaseMapping.unicodeScalars { out.append(contentsOf: UTF8.encode(lower)!) }
        }

        static func lowered(_ scalars: some Sequence<Unicode.Scalar>) -> [UInt8] {
            var out: [UInt8] = []
            for s in scalars { appendLowered(s, to: &out) }
            return out
        }

        static func allWord(_ text: [UInt8]) -> Bool { firstWord(in: text) == 0..<text.count }

        /// The first maximal run of word runes in `text`, as a byte range.
        static func firstWord(in text: [UInt8]) -> Range<Int>? {
            var i = 0, start: Int?
            while i < text.count {
                let (s, length) = scalar(at: i, in: text)
                if isWord(s) { start = start ?? i } else if let start { return start..<i }
                i += length
            }
            return start.map { $0..<text.count }
        }
    }
}
