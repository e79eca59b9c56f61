/// Turns an HTML mail body into readable plain text.
///
/// Drops tags, comments and the content of `script`, `style`, `head` and similar elements; decodes
/// character references; collapses whitespace the way a browser does; and keeps line structure:
/// `<br>` breaks a line, block elements (`div`, `li`, `tr`, ...) start a new line, and `p`, headings
/// and tables are set off by a blank line. List items get a `- ` marker. `pre` keeps its whitespace.
enum MailHTMLText {
    private static let skippedElements: Set<String> = ["script", "style", "head", "title", "noscript", "template"]
    private static let paragraphElements: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "pre", "ul", "ol", "dl", "hr",
    ]
    private static let lineElements: Set<String> = [
        "div", "tr", "li", "dt", "dd", "section", "article", "header", "footer", "address", "form", "center",
        "fieldset", "nav", "aside", "main", "figure", "caption", "tbody", "thead",
    ]

    /// The readable text of `html`, without leading or trailing blank lines.
    static func plainText(fromHTML html: String) -> String {
        var converter = Converter(Array(html.unicodeScalars))
        return converter.run()
    }

    private struct Converter {
        let input: [Unicode.Scalar]
        var index = 0
        var output = String.UnicodeScalarView()
        var pendingSpace = false
        var preformattedDepth = 0

        init(_ input: [Unicode.Scalar]) {
            self.input = input
        }

        mutating func run() -> String {
            while index < input.count {
                let scalar = input[index]
                if scalar == "<" {
                    readMarkup()
                } else if scalar == "&" {
                    appendText(MailHTMLEntities.decode(input, at: &index))
                } else {
                    index += 1
                    if scalar.properties.isWhitespace && preformattedDepth == 0 {
                        pendingSpace = true
                    } else {
                        appendText(String(scalar))
                    }
                }
            }
            return tidy(String(output))
        }

        // MARK: Markup

        private mutating func readMarkup() {
            let start = index
            if matches("<!--", at: index) {
                index = find("-->", from: index + 4).map { $0 + 3 } ?? input.count
                return
            }
            guard index + 1 < input.count else {
                appendText("<")
                index += 1
                return
            }
            let next = input[index + 1]
            if next == "!" || next == "?" {
                index = findScalar(">", from: index).map { $0 + 1 } ?? input.count
                return
            }
            let isEnd = next == "/"
            var nameIndex = index + (isEnd ? 2 : 1)
            var name = ""
            while nameIndex < input.count,
                input[nameIndex].properties.isAlphabetic || ("0"..."9").contains(input[nameIndex])
            {
                name.unicodeScalars.append(input[nameIndex])
                nameIndex += 1
            }
            guard !name.isEmpty else {
                appendText("<")  // a lone "<" in text, as in "a < b"
                index = start + 1
                return
            }
            index = tagEnd(from: nameIndex)
            handleTag(name.lowercased(), isEnd: isEnd)
        }

        /// The index after the `>` closing a tag, skipping quoted attribute values.
        private func tagEnd(from start: Int) -> Int {
            var position = start
            var quote: Unicode.Scalar?
            while position < input.count {
                let scalar = input[position]
                if let open = quote {
                    if scalar == open { quote = nil }
                } else if scalar == "\"" || scalar == "'" {
                    quote = scalar
                } else if scalar == ">" {
                    return position + 1
                }
                position += 1
            }
            return input.count
        }

        private mutating func handleTag(_ name: String, isEnd: Bool) {
            if !isEnd, MailHTMLText.skippedElements.contains(name) {
                skipElement(name)
                return
            }
            switch name {
            case "br":
                lineBreak()
            case "pre":
                paragraphBreak()
                preformattedDepth = max(0, preformattedDepth + (isEnd ? -1 : 1))
            case "li" where !isEnd:
                lineBreak()
                appendText("- ")
            case "td", "th":
                pendingSpace = true
            case _ where MailHTMLText.paragraphElements.contains(name):
                paragraphBreak()
            case _ where MailHTMLText.lineElements.contains(name):
                lineBreak()
            default:
                break
            }
        }

        /// Skips everything up to and including `</name ...>`, or to the end when it is never closed.
        private mutating func skipElement(_ name: String) {
            var position = index
            while let open = find("</", from: position) {
                var nameEnd = open + 2
                var candidate = ""
                while nameEnd < input.count, input[nameEnd].properties.isAlphabetic {
                    candidate.unicodeScalars.append(input[nameEnd])
                    nameEnd += 1
                }
                if candidate.lowercased() == name {
                    index = tagEnd(from: nameEnd)
                    return
                }
                position = open + 2
            }
            index = input.count
        }

        // MARK: Output

        private mutating func appendText(_ text: String) {
            guard !text.isEmpty else { return }
            if pendingSpace {
                if let last = output.last, last != "\n", last != " " {
                    output.append(" ")
                }
                pendingSpace = false
            }
            output.append(contentsOf: text.unicodeScalars)
        }

        private mutating func lineBreak() {
            pendingSpace = false
            trimTrailingSpaces()
            if !output.isEmpty, output.last != "\n" {
                output.append("\n")
            }
        }

        private mutating func paragraphBreak() {
            lineBreak()
            if !output.isEmpty, !output.suffix(2).elementsEqual(["\n", "\n"]) {
                output.append("\n")
            }
        }

        private mutating func trimTrailingSpaces() {
            while let last = output.last, last == " " || last == "\t" {
                output.removeLast()
            }
        }

        /// Trims blanks at line ends, turns no-break spaces into spaces and keeps at most one blank line.
        private func tidy(_ text: String) -> String {
            var lines: [String] = []
            var blankRun = 0
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let cleaned = MailText.trimmingTrailingWhitespace(line.replacingNoBreakSpaces())
                if cleaned.isEmpty {
                    blankRun += 1
                    if blankRun > 1 || lines.isEmpty { continue }
                } else {
                    blankRun = 0
                }
                lines.append(cleaned)
            }
            return MailText.trimmingTrailingWhitespace(lines.joined(separator: "\n"))
        }

        // MARK: Scanning

        private func matches(_ literal: String, at position: Int) -> Bool {
            let scalars = Array(literal.unicodeScalars)
            guard position + scalars.count <= input.count else { return false }
            for (offset, scalar) in scalars.enumerated() {
                let candidate = input[position + offset]
                guard candidate == scalar || String(candidate).lowercased() == String(scalar) else { return false }
            }
            return true
        }

        private func find(_ literal: String, from start: Int) -> Int? {
            var position = start
            while position < input.count {
                if matches(literal, at: position) { return position }
                position += 1
            }
            return nil
        }

        private func findScalar(_ scalar: Unicode.Scalar, from start: Int) -> Int? {
            input[start...].firstIndex(of: scalar)
        }
    }
}

extension Substring {
    /// The text with U+00A0 no-break spaces turned into ordinary spaces.
    fileprivate func replacingNoBreakSpaces() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\u{A0}" ? " " : $0 }))
    }
}
