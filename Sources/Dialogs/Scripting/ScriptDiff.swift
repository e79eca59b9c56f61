/// A line diff for failure reports: `  same`, `- expected only`, `+ came only`.
enum ScriptDiff {
    /// The diff of `expected` against `came`, line by line (longest common subsequence).
    static func lines(expected: String, came: String) -> [String] {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = came.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard old.count * new.count <= 250_000 else {
            return old.map { "- " + $0 } + new.map { "+ " + $0 }
        }
        var common = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                common[i][j] = old[i] == new[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var result: [String] = []
        var i = 0
        var j = 0
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                result.append("  " + old[i])
                i += 1
                j += 1
            } else if i < old.count, j == new.count || common[i + 1][j] >= common[i][j + 1] {
                result.append("- " + old[i])
                i += 1
            } else {
                result.append("+ " + new[j])
                j += 1
            }
        }
        return result
    }

    /// How alike two texts are: the number of lines they share (to pick the message to diff against).
    static func likeness(_ first: String, _ second: String) -> Int {
        let lines = Set(first.split(separator: "\n"))
        return second.split(separator: "\n").filter { lines.contains($0) }.count
            + first.commonPrefix(with: second).count
    }
}
