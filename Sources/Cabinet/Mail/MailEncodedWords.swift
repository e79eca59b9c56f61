/// RFC 2047 encoded words (`=?charset?B|Q?text?=`) in header values.
enum MailEncodedWords {
    private enum Piece {
        case text([UInt8])
        case word(charset: String, bytes: [UInt8])
    }

    /// Decodes every encoded word in `value`, leaving other text as it is.
    ///
    /// Whitespace between two adjacent encoded words is dropped (RFC 2047 section 6.2). Adjacent words in
    /// the same charset are decoded together, so a multibyte character split across two words, as
    /// some mailers write it, comes out whole. A malformed word is kept literally.
    static func decode(_ value: String) -> String {
        let bytes = Array(value.utf8)
        guard bytes.count >= 8 else { return value }
        var pieces: [Piece] = []
        var text: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "="), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "?"),
                let (charset, decoded, end) = parseWord(bytes, at: index)
            {
                if !text.isEmpty {
                    pieces.append(.text(text))
                    text = []
                }
                pieces.append(.word(charset: charset, bytes: decoded))
                index = end
            } else {
                text.append(bytes[index])
                index += 1
            }
        }
        if !text.isEmpty {
            pieces.append(.text(text))
        }
        return render(pieces)
    }

    /// One encoded word holding `bytes` of UTF-8 in the "B" encoding.
    static func encodeWord(_ bytes: some Collection<UInt8>) -> String {
        "=?utf-8?B?" + MailTransferEncoding.encodeBase64(bytes) + "?="
    }

    /// The most UTF-8 bytes a "B" encoded word of at most `length` characters can hold.
    static func byteCapacity(forWordLength length: Int) -> Int {
        max(0, (length - "=?utf-8?B??=".count) / 4 * 3)
    }

    // MARK: - Private

    /// Parses the encoded word starting at `start`; returns its charset, decoded bytes and end index.
    private static func parseWord(_ bytes: [UInt8], at start: Int) -> (String, [UInt8], Int)? {
        var index = start + 2
        let charsetStart = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "?") {
            if isBlank(bytes[index]) || index - charsetStart > 64 { return nil }
            index += 1
        }
        guard index > charsetStart, index + 2 < bytes.count, bytes[index + 2] == UInt8(ascii: "?") else { return nil }
        var charset = String(decoding: bytes[charsetStart..<index], as: UTF8.self)
        if let star = charset.firstIndex(of: "*") {
            charset = String(charset[..<star])  // RFC 2231 section 5 language suffix
        }
        let encoding = bytes[index + 1] | 0x20  // ASCII lowercase
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        let textStart = index + 3
        var end = textStart
        while end + 1 < bytes.count, !(bytes[end] == UInt8(ascii: "?") && bytes[end + 1] == UInt8(ascii: "=")) {
            // RFC 2047 caps a word at 75 characters; the looser cap keeps the scan linear on hostile input.
            if isBlank(bytes[end]) || end - textStart > 1000 { return nil }
            end += 1
        }
        guard end + 1 < bytes.count else { return nil }
        let encoded = bytes[textStart..<end]
        let decoded =
            encoding == UInt8(ascii: "b")
            ? MailTransferEncoding.decodeBase64(encoded).bytes : MailTransferEncoding.decodeQ(encoded)
        return (charset, decoded, end + 2)
    }

    private static func render(_ pieces: [Piece]) -> String {
        var output = ""
        var pendingCharset: String?
        var pendingBytes: [UInt8] = []

        func flushWords() {
            guard let charset = pendingCharset else { return }
            if let known = MailCharset(label: charset) {
                output += known.decode(pendingBytes).text
            } else {
                output += MailCharset.decodeUnlabelled(pendingBytes)
            }
            pendingCharset = nil
            pendingBytes = []
        }

        for (position, piece) in pieces.enumerated() {
            switch piece {
            case .word(let charset, let bytes):
                if let pending = pendingCharset, pending.lowercased() != charset.lowercased() {
                    flushWords()
                }
                pendingCharset = charset
                pendingBytes += bytes
            case .text(let bytes):
                let isBetweenWords =
                    position > 0 && position + 1 < pieces.count
                    && { if case .word = pieces[position + 1] { true } else { false } }()
                    && pendingCharset != nil
                if isBetweenWords, bytes.allSatisfy(isFoldingWhitespace) {
                    continue
                }
                flushWords()
                output += String(decoding: bytes, as: UTF8.self)
            }
        }
        flushWords()
        return output
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    private static func isFoldingWhitespace(_ byte: UInt8) -> Bool {
        isBlank(byte)
    }
}
