import BotCore

/// The menu's state writes its own JSON, as `Codable` would: it is written whenever the menu is shown or answered,
/// and `Codable`'s generic containers cost more than the menu's own work.
extension MenuDialog.State: JSONWritable {
    /// `{"options":["credentials",…],"unknown":false}`.
    public func writeJSON(into output: inout [UInt8]) {
        output += #"{"options":["#.utf8
        for (index, option) in options.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            StateJSON.appendQuoted(option.rawValue, to: &output)
        }
        output += #"],"unknown":"#.utf8
        output += (unknown ? "true" : "false").utf8
        output.append(UInt8(ascii: "}"))
    }
}
