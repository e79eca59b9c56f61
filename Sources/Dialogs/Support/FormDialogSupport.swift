import BotCore

extension Step {
    /// Buttons under most prompts: back and cancel.
    static func navigation<Environment>(_ context: DialogContext<Environment>) -> [String] {
        [context.t(CoreText.buttonBack.rawValue), context.t(CoreText.buttonCancel.rawValue)]
    }
}

/// A field of the school's forms, with catalog keys derived from its key: `<prefix>.ask.<key>`,
/// `<prefix>.label.<key>`, `<prefix>.hint.<key>`.
func schoolField(
    _ prefix: String, _ key: String, optional: Bool = false,
    _ validate: @escaping @Sendable (String, DialogContext<SchoolEnvironment>) -> FieldCheck
) -> FormField<SchoolEnvironment> {
    FormField(
        key, prompt: "\(prefix).ask.\(key)", label: "\(prefix).label.\(key)", hint: "\(prefix).hint.\(key)",
        optional: optional, validate: validate)
}
