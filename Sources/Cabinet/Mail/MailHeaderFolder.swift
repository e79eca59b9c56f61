/// Builds one header field folded to lines of at most 78 characters (RFC 5322 section 2.1.1).
///
/// Tokens are never split; the writer folds before a token that would not fit. Text that needs
/// encoding goes in as UTF-8 "B" encoded words of at most 75 characters (RFC 2047 section 2), each
/// sized to the room left on its line.
struct MailHeaderFolder {
    static let lineLimit = 78
    static let encodedWordLimit = 75

    private var lines: [String] = []
    private var current: String
    private var tokensOnLine = 0

    init(name: String) {
        current = name + ":"
    }

    /// The field with CRLF between folded lines and no final line end.
    var rendered: String {
        (lines + [current]).joined(separator: "\r\n")
    }

    /// Appends a token after a space, folding first when it would overflow the line.
    mutating func append(_ token: String) {
        if tokensOnLine > 0, current.utf8.count + 1 + token.utf8.count > Self.lineLimit {
            fold()
        }
        current += " " + token
        tokensOnLine += 1
    }

    /// Appends `text` as encoded words, splitting it between characters to fill each line.
    mutating func appendEncoded(_ text: String) {
        let freshCapacity = MailEncodedWords.byteCapacity(forWordLength: Self.encodedWordLimit)
        // Units that must stay in one word: characters, or the scalars of a giant grapheme cluster.
        var units: [String] = []
        for character in text {
            if character.utf8.count <= freshCapacity {
                units.append(String(character))
            } else {
                units += character.unicodeScalars.map { String($0) }
            }
        }
        var index = 0
        while index < units.count {
            let room = Self.lineLimit - current.utf8.count - 1
            let capacity = MailEncodedWords.byteCapacity(forWordLength: min(Self.encodedWordLimit, room))
            var end = index
            var byteCount = 0
            var lastSpace: (unit: Int, bytes: Int)?
            while end < units.count, byteCount + units[end].utf8.count <= capacity {
                if units[end] == " ", end > index {
                    lastSpace = (end, byteCount)
                }
                byteCount += units[end].utf8.count
                end += 1
            }
            if end == index {
                fold()  // not even one character fits here; a fresh line always has room for one
                continue
            }
            // Prefer to end a word before a space (which then opens the next word) rather than inside
            // a word: decoders that wrongly keep the blank between encoded words then show an extra
            // space instead of a broken word.
            if end < units.count, let lastSpace, lastSpace.bytes * 2 >= capacity {
                end = lastSpace.unit
            }
            let bytes = units[index..<end].flatMap { Array($0.utf8) }
            index = end
            current += " " + MailEncodedWords.encodeWord(bytes)
            tokensOnLine += 1
        }
    }

    private mutating func fold() {
        lines.append(current)
        current = ""
        tokensOnLine = 0
    }
}
