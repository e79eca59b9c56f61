/// Splits long texts into parts a messenger accepts, on line boundaries where it can.
public enum TextSplitter {
    /// Parts of at most `limit` UTF-16 code units: whole lines when they fit, then words, then characters.
    ///
    /// The newline a part ends on is dropped (a chat message shows no trailing newline anyway).
    public static func split(_ text: String, limit: Int) -> [String] {
        precondition(limit > 0, "the limit must be positive")
        guard text.utf16.count > limit else { return [text] }
        var parts: [String] = []
        var current = ""
        var currentLength = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let length = line.utf16.count
            if currentLength > 0 || !current.isEmpty {
                if currentLength + 1 + length <= limit {
                    current += "\n" + line
                    currentLength += 1 + length
                    continue
                }
                parts.append(current)
                current = ""
                currentLength = 0
            }
            if length <= limit {
                current = String(line)
                currentLength = length
            } else {
                var pieces = splitLine(line, limit: limit)
                let last = pieces.removeLast()
                parts += pieces
                current = last
                currentLength = last.utf16.count
            }
        }
        parts.append(current)
        return parts
    }

    /// Cuts one line longer than `limit` at the last space that fits, or at a character boundary.
    private static func splitLine(_ line: Substring, limit: Int) -> [String] {
        var pieces: [String] = []
        var rest = line
        while rest.utf16.count > limit {
            var end = rest.startIndex
            var length = 0
            var lastSpace: Substring.Index?
            for index in rest.indices {
                let size = rest[index].utf16.count
                if length + size > limit { break }
                length += size
                end = rest.index(after: index)
                if rest[index] == " " { lastSpace = end }
            }
            if end == rest.startIndex { end = rest.index(after: rest.startIndex) }  // one oversized character
            if let lastSpace, lastSpace > rest.startIndex, lastSpace < end { end = lastSpace }
            pieces.append(String(rest[..<end]))
            rest = rest[end...]
        }
        pieces.append(String(rest))
        return pieces
    }
}
