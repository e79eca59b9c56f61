/// Small text helpers shared by the mail parser and composer.
enum MailText {
    /// The lines of `text`, split at CRLF, LF or a lone CR, without the line ends.
    static func lines(of text: String) -> [String] {
        normalizingLineEndings(text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// `text` with every CRLF and lone CR turned into LF.
    static func normalizingLineEndings(_ text: String) -> String {
        guard text.utf8.contains(0x0D) else { return text }
        var result = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                result.append("\n")
                previousWasCR = true
                continue
            }
            if scalar == "\n", previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            result.append(scalar)
        }
        return String(result)
    }

    /// `text` without trailing whitespace and line breaks.
    static func trimmingTrailingWhitespace(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars
        while let last = scalars.last, last.properties.isWhitespace {
            scalars.removeLast()
        }
        return String(scalars)
    }

    /// `text` with runs of spaces and tabs collapsed to one space, trimmed at both ends.
    static func collapsingBlanks(_ text: String) -> String {
        var result = ""
        var pendingBlank = false
        for character in text {
            if character == " " || character == "\t" || character == "\r" || character == "\n" || character == "\r\n" {
                pendingBlank = !result.isEmpty
            } else {
                if pendingBlank {
                    result.append(" ")
                    pendingBlank = false
                }
                result.append(character)
            }
        }
        return result
    }
}
