/// What kind of input the next answer is: plain text, or a secret the client must not echo.
public enum InputKind: String, Codable, Sendable {
    case text
    case secret
}

/// A table for clients that can draw one; the same content is always in the message text.
public struct MessageTable: Codable, Equatable, Sendable {
    public var columns: [String]
    public var rows: [[String]]

    public init(columns: [String], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// One message the bot shows: text, optional button rows, input hint and table.
public struct OutMessage: Codable, Equatable, Sendable {
    public var text: String
    public var buttons: [[String]]?
    public var input: InputKind?
    public var table: MessageTable?

    public init(_ text: String, buttons: [[String]]? = nil, input: InputKind? = nil, table: MessageTable? = nil) {
        self.text = text
        self.buttons = buttons
        self.input = input
        self.table = table
    }
}

/// The answer to one chat message: messages plus where the chat is now.
public struct Turn: Codable, Equatable, Sendable {
    public var messages: [OutMessage]
    /// The dialog id the chat is in after this turn (`meta.dialog`).
    public var dialog: String
    /// The step inside that dialog (`meta.step`).
    public var step: String

    public init(messages: [OutMessage], dialog: String, step: String) {
        self.messages = messages
        self.dialog = dialog
        self.step = step
    }
}
