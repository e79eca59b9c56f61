/// A language the assistant speaks.
///
/// Russian is the default.
public enum Language: String, Codable, CaseIterable, Sendable {
    case ru
    case en

    /// Reads `ru`/`en` (any case, surrounding spaces ignored), or the messenger's `ru-RU`-style tag.
    public init?(tag: String) {
        let lowered = tag.trimmingCharacters(in: .whitespaces).lowercased()
        let primary = lowered.split(separator: "-").first.map(String.init) ?? lowered
        guard let language = Language(rawValue: primary) else { return nil }
        self = language
    }
}
