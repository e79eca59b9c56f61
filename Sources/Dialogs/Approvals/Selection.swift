/// What a person typed to choose rows: `1 3 5-8`, "all" (the page), "all 23" (everyone waiting).
enum Selection: Equatable {
    /// Row numbers of the current page, 1-based, in the order given, without repeats.
    case rows([Int])
    /// Every row of the current page.
    case page
    /// Every waiting user; the number typed must match how many wait.
    case everyone(Int)

    /// Parses a selection; nil when the text is not one.
    static func parse(_ text: String) -> Selection? {
        let folded = Matching.fold(text).replacingOccurrences(of: ",", with: " ")
        let words = folded.split(separator: " ").map(String.init)
        guard let first = words.first else { return nil }
        if InputWords.all.contains(first) {
            if words.count == 1 { return .page }
            if words.count == 2, let count = Int(words[1]), count > 0 { return .everyone(count) }
            return nil
        }
        var rows: [Int] = []
        for word in words {
            let bounds = word.split(separator: "-", omittingEmptySubsequences: false)
            if bounds.count == 1, let number = Int(word), number > 0 {
                rows.append(number)
            } else if bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]), low > 0, low <= high,
                high - low < 200
            {
                rows.append(contentsOf: low...high)
            } else {
                return nil
            }
        }
        var seen = Set<Int>()
        return .rows(rows.filter { seen.insert($0).inserted })
    }
}
