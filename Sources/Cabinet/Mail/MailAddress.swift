/// A mailbox: an optional display name and an address such as `help@educont.ru`.
public struct MailAddress: Hashable, Sendable, CustomStringConvertible {
    /// The display name, decoded from RFC 2047 when it was encoded; `nil` when there is none.
    public var name: String?
    /// The address as written, for example `"Director@School1.ru"`; compare it case-insensitively.
    public var address: String

    /// Creates a mailbox.
    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// `Name <address>`, or just the address when there is no name; for logs, not for headers.
    public var description: String {
        guard let name, !name.isEmpty else { return address }
        return "\(name) <\(address)>"
    }

    /// Parses an address-list header value such as `"Иванова М. П." <a@b.ru>, c@d.ru`.
    ///
    /// Handles quoted display names, comments, RFC 2047 encoded names, groups (`team: a@b.ru;`) and
    /// the old `address (Name)` form. Never fails: entries that hold nothing usable are skipped.
    public static func parseList(_ value: String) -> [MailAddress] {
        var parser = AddressListParser(Array(value))
        return parser.parse()
    }
}

/// A tolerant RFC 5322 address-list reader.
private struct AddressListParser {
    private let characters: [Character]
    private var index = 0
    private var result: [MailAddress] = []
    // The entry being read.
    private var words: [String] = []
    private var comments: [String] = []
    private var angleAddress: String?
    private var currentWord = ""

    init(_ characters: [Character]) {
        self.characters = characters
    }

    mutating func parse() -> [MailAddress] {
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\"":
                endWord()
                words.append(readQuoted())
            case "(":
                endWord()
                comments.append(readComment())
            case "<":
                endWord()
                angleAddress = readAngle()
            case ",", ";":
                index += 1
                finishEntry()
            case ":" where angleAddress == nil:
                index += 1
                resetEntry()  // a group name such as "undisclosed-recipients:" is not a mailbox
            case " ", "\t", "\r", "\n", "\r\n":
                index += 1
                endWord()
            default:
                currentWord.append(character)
                index += 1
            }
        }
        finishEntry()
        return result
    }

    private mutating func endWord() {
        if !currentWord.isEmpty {
            words.append(currentWord)
            currentWord = ""
        }
    }

    private mutating func resetEntry() {
        words = []
        comments = []
        angleAddress = nil
        currentWord = ""
    }

    private mutating func finishEntry() {
        endWord()
        defer { resetEntry() }
        if let angle = angleAddress {
            let address = Self.strippingRoute(angle)
            guard !address.isEmpty else { return }
            result.append(MailAddress(name: Self.displayName(words), address: address))
            return
        }
        let address = words.joined()
        guard !address.isEmpty else { return }
        let name = comments.last.flatMap { Self.displayName([$0]) }
        result.append(MailAddress(name: name, address: address))
    }

    /// Joins phrase words with single spaces and decodes RFC 2047 words, also inside quotes.
    private static func displayName(_ words: [String]) -> String? {
        let name = MailText.collapsingBlanks(MailEncodedWords.decode(words.joined(separator: " ")))
        return name.isEmpty ? nil : name
    }

    /// Drops an obsolete source route (`<@relay.example:user@host>`) and surrounding whitespace.
    private static func strippingRoute(_ angle: String) -> String {
        var address = Substring(MailText.collapsingBlanks(angle))
        if address.hasPrefix("@"), let colon = address.lastIndex(of: ":") {
            address = address[address.index(after: colon)...]
        }
        return String(address)
    }

    private mutating func readQuoted() -> String {
        MIMEHeaderValue.readQuoted(characters, &index)
    }

    private mutating func readComment() -> String {
        var text = ""
        var depth = 0
        while index < characters.count {
            let character = characters[index]
            index += 1
            if character == "\\", index < characters.count {
                text.append(characters[index])
                index += 1
            } else if character == "(" {
                depth += 1
                if depth > 1 { text.append(character) }
            } else if character == ")" {
                depth -= 1
                if depth == 0 { break }
                text.append(character)
            } else {
                text.append(character)
            }
        }
        return text
    }

    private mutating func readAngle() -> String {
        var text = ""
        index += 1
        while index < characters.count {
            let character = characters[index]
            index += 1
            if character == ">" { break }
            if character == "\"" {
                index -= 1
                text += "\"" + readQuoted() + "\""  // a quoted local part: "john doe"@example.ru
                continue
            }
            text.append(character)
        }
        return text
    }
}
