import BotCore

/// The credentials dialog's state writes its own JSON, as `Codable` would: it is written on every turn of the
/// request, and `Codable`'s generic containers cost more than the step itself.
extension CredentialsDialog.State: JSONWritable {
    /// `{"phase":{"form":{"_0":…}}}`, `{"phase":{"letter":{"email":…,"requestID":…}}}` or the same for
    /// `askSentDate`.
    public func writeJSON(into output: inout [UInt8]) {
        output += #"{"phase":{"#.utf8
        switch phase {
        case .form(let form):
            output += #""form":{"_0":"#.utf8
            form.writeJSON(into: &output)
            output.append(UInt8(ascii: "}"))
        case .letter(let requestID, let email):
            Self.write("letter", requestID: requestID, email: email, into: &output)
        case .askSentDate(let requestID, let email):
            Self.write("askSentDate", requestID: requestID, email: email, into: &output)
        }
        output += "}}".utf8
    }

    private static func write(_ phase: String, requestID: Int, email: String, into output: inout [UInt8]) {
        output += #"""#.utf8
        output += phase.utf8
        output += #"":{"email":"#.utf8
        StateJSON.appendQuoted(email, to: &output)
        output += #","requestID":"#.utf8
        output += String(requestID).utf8
        output.append(UInt8(ascii: "}"))
    }
}
