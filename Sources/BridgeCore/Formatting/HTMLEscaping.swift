/// Escaping for messengers' HTML formatting (Telegram's `parse_mode` HTML, MAX's `format: html`).
public enum HTMLEscaping {
    /// Escapes the three characters both messengers' HTML reserves.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A table's text as monospaced HTML.
    public static func preformatted(_ text: String) -> String {
        "<pre>" + escape(text) + "</pre>"
    }
}
