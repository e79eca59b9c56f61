import Foundation

/// The verdict on one answer to a form field.
public enum FieldCheck: Equatable, Sendable {
    /// Accepted, in its normalised form.
    case valid(String)
    /// Refused, with the reason to quote to the person (already in the chat's language).
    case invalid(String)
}

/// One field of a form: its key, texts (catalog keys) and validator.
public struct FormField<Environment>: Sendable {
    public let key: String
    /// Catalog key of the question.
    public let prompt: String
    /// Catalog key of the short label in the summary.
    public let label: String
    /// Catalog key of the expected format, said again after three invalid answers.
    public let hint: String
    public let isOptional: Bool
    /// Checks an answer, seeing the values entered so far.
    public let validate: @Sendable (String, [String: String], DialogContext<Environment>) -> FieldCheck
    /// Extra lines under the question (a list to choose from), from the values entered so far.
    public let details: (@Sendable ([String: String], DialogContext<Environment>) -> String?)?
    /// Buttons offering the likely answers.
    public let choices: (@Sendable ([String: String], DialogContext<Environment>) -> [String])?
    /// How a stored value reads in the summary (a code shown as a word), when not as stored.
    public var display: (@Sendable (String, DialogContext<Environment>) -> String)?

    public init(
        _ key: String, prompt: String, label: String, hint: String, optional: Bool = false,
        details: (@Sendable ([String: String], DialogContext<Environment>) -> String?)? = nil,
        choices: (@Sendable ([String: String], DialogContext<Environment>) -> [String])? = nil,
        validateWithValues: @escaping @Sendable (String, [String: String], DialogContext<Environment>) -> FieldCheck
    ) {
        self.key = key
        self.prompt = prompt
        self.label = label
        self.hint = hint
        self.isOptional = optional
        self.details = details
        self.choices = choices
        self.validate = validateWithValues
        self.display = nil
    }

    public init(
        _ key: String, prompt: String, label: String, hint: String, optional: Bool = false,
        choices: (@Sendable ([String: String], DialogContext<Environment>) -> [String])? = nil,
        validate: @escaping @Sendable (String, DialogContext<Environment>) -> FieldCheck
    ) {
        self.init(
            key, prompt: prompt, label: label, hint: hint, optional: optional, choices: choices,
            validateWithValues: { text, _, context in validate(text, context) })
    }
}

/// Where a form is: asking field N, showing the summary, or correcting field N from the summary.
public enum FormPosition: Codable, Equatable, Sendable {
    case asking(Int)
    case summary
    case editing(Int)
}

/// The values entered so far and the position; survives back, help and restarts.
public struct FormState: Codable, Equatable, Sendable {
    public var values: [String: String] = [:]
    public var position: FormPosition = .asking(0)

    public init(values: [String: String] = [:], position: FormPosition = .asking(0)) {
        self.values = values
        self.position = position
    }
}

/// What a form step came to.
public enum FormOutcome: Equatable, Sendable {
    /// Still filling: the new state and what to say.
    case asking(FormState, [OutMessage], invalid: Bool)
    /// The person confirmed the summary.
    case completed(FormState)
    /// The person stepped back past the first field.
    case left(FormState)
}

/// A typed form: fields asked in order, validated with a quoted reason, skip for optional ones,
/// a summary with "change field N", and back that keeps what was entered.
public struct Form<Environment>: Sendable {
    public let fields: [FormField<Environment>]
    /// Catalog key of the summary's confirm button.
    public let confirmLabel: String

    public init(_ fields: [FormField<Environment>], confirmLabel: String = CoreText.buttonConfirm.rawValue) {
        self.fields = fields
        self.confirmLabel = confirmLabel
    }

    /// The first question.
    public func start(_ context: DialogContext<Environment>, values: [String: String] = [:]) -> FormOutcome {
        let state = FormState(values: values, position: .asking(0))
        return .asking(state, ask(0, state, context), invalid: false)
    }

    /// The step id of the position: `ask_inn`, `summary`, `edit_inn` and the like.
    public func step(of state: FormState) -> String {
        switch state.position {
        case .asking(let index): "ask_\(fields[min(index, fields.count - 1)].key)"
        case .summary: "summary"
        case .editing(let index): "edit_\(fields[min(index, fields.count - 1)].key)"
        }
    }

    /// The expected format at the current position.
    public func hint(_ state: FormState, _ context: DialogContext<Environment>) -> String? {
        switch state.position {
        case .asking(let index), .editing(let index): context.t(fields[index].hint)
        case .summary: context.t(CoreText.formChangeHint.rawValue)
        }
    }

    /// Handles one event.
    public func handle(_ event: DialogEvent, _ state: FormState, _ context: DialogContext<Environment>) -> FormOutcome {
        switch (state.position, event) {
        case (.asking(let index), .back):
            guard index > 0 else { return .left(state) }
            var next = state
            next.position = .asking(index - 1)
            return .asking(next, ask(index - 1, next, context), invalid: false)
        case (.editing, .back):
            return .asking(summaryState(state), summary(state, context), invalid: false)
        case (.summary, .back):
            var next = state
            next.position = .asking(fields.count - 1)
            return .asking(next, ask(fields.count - 1, next, context), invalid: false)
        case (.asking(let index), .resumed), (.asking(let index), .childFinished):
            return .asking(state, ask(index, state, context), invalid: false)
        case (.editing(let index), .resumed), (.editing(let index), .childFinished):
            return .asking(state, ask(index, state, context), invalid: false)
        case (.summary, .resumed), (.summary, .childFinished):
            return .asking(state, summary(state, context), invalid: false)
        case (.asking(let index), .text(let text)):
            return answer(text, field: index, state, context, editing: false)
        case (.editing(let index), .text(let text)):
            return answer(text, field: index, state, context, editing: true)
        case (.summary, .text(let text)):
            return summaryAnswer(text, state, context)
        }
    }

    // MARK: - Steps

    private func answer(
        _ text: String, field index: Int, _ state: FormState, _ context: DialogContext<Environment>, editing: Bool
    ) -> FormOutcome {
        let field = fields[index]
        let trimmed = TextFolding.trimmed(text)
        let folded = TextFolding.fold(trimmed)
        var next = state
        if matches(folded, CoreText.buttonKeep.rawValue, context), state.values[field.key] != nil {
            // keep the current value
        } else if field.isOptional && (matches(folded, CoreText.buttonSkip.rawValue, context) || trimmed == "-") {
            next.values[field.key] = ""
        } else if [
            confirmLabel, CoreText.buttonKeep.rawValue, CoreText.buttonSkip.rawValue, CoreText.buttonYes.rawValue,
        ]
        .contains(where: { matches(folded, $0, context) }) {
            let reason = context.t(CoreText.formButtonNotAnswer.rawValue)
            return .asking(state, ask(index, state, context, reason: reason), invalid: true)
        } else if trimmed.isEmpty {
            let reason = context.t(CoreText.formRequired.rawValue)
            return .asking(state, ask(index, state, context, reason: reason), invalid: true)
        } else {
            switch field.validate(trimmed, state.values, context) {
            case .valid(let value):
                next.values[field.key] = value
            case .invalid(let reason):
                return .asking(state, ask(index, state, context, reason: reason), invalid: true)
            }
        }
        if editing || index + 1 >= fields.count {
            next.position = .summary
            return .asking(next, summary(next, context), invalid: false)
        }
        next.position = .asking(index + 1)
        return .asking(next, ask(index + 1, next, context), invalid: false)
    }

    private func summaryAnswer(_ text: String, _ state: FormState, _ context: DialogContext<Environment>) -> FormOutcome
    {
        let normalized = TextFolding.fold(text)
        if matches(normalized, confirmLabel, context) || matches(normalized, CoreText.buttonYes.rawValue, context) {
            return .completed(state)
        }
        let digits = normalized.filter(\.isNumber)
        if let number = Int(digits), (1...fields.count).contains(number), digits.count <= 2 {
            var next = state
            next.position = .editing(number - 1)
            return .asking(next, ask(number - 1, next, context), invalid: false)
        }
        let hint = context.t(CoreText.formChangeHint.rawValue)
        return .asking(state, [OutMessage(hint)] + summary(state, context), invalid: true)
    }

    // MARK: - Messages

    private func ask(
        _ index: Int, _ state: FormState, _ context: DialogContext<Environment>, reason: String? = nil
    ) -> [OutMessage] {
        let field = fields[index]
        var text = context.t(field.prompt)
        if let details = field.details?(state.values, context) {
            text += "\n" + details
        }
        var firstRow: [String] = []
        if let current = state.values[field.key] {
            let shown =
                current.isEmpty
                ? context.t(CoreText.formEmptyValue.rawValue) : field.display?(current, context) ?? current
            text += "\n" + context.t(CoreText.formCurrentValue.rawValue, ["value": .text(shown)])
            firstRow.append(context.t(CoreText.buttonKeep.rawValue))
        }
        if field.isOptional {
            firstRow.append(context.t(CoreText.buttonSkip.rawValue))
        }
        if let reason {
            text = reason + "\n" + text
        }
        var buttons = [[context.t(CoreText.buttonBack.rawValue), context.t(CoreText.buttonCancel.rawValue)]]
        if !firstRow.isEmpty { buttons.insert(firstRow, at: 0) }
        if let choices = field.choices?(state.values, context), !choices.isEmpty {
            buttons.insert(
                contentsOf: stride(from: 0, to: choices.count, by: 2).map {
                    Array(choices[$0..<min($0 + 2, choices.count)])
                }, at: 0)
        }
        return [OutMessage(text, buttons: buttons, input: .text)]
    }

    private func summary(_ state: FormState, _ context: DialogContext<Environment>) -> [OutMessage] {
        var lines = [context.t(CoreText.formSummary.rawValue)]
        // By index: `enumerated()` over the fields runs unspecialized (they are generic over the environment).
        for offset in fields.indices {
            let field = fields[offset]
            let value = state.values[field.key] ?? ""
            let shown =
                value.isEmpty ? context.t(CoreText.formEmptyValue.rawValue) : field.display?(value, context) ?? value
            lines.append("\(offset + 1). \(context.t(field.label)): \(shown)")
        }
        lines.append(context.t(CoreText.formChangeHint.rawValue))
        let change = context.t(CoreText.formChangeButton.rawValue)
        let numbers = (1...max(fields.count, 1)).map { "\(change) \($0)" }
        var rows = [[context.t(confirmLabel)]]
        rows += stride(from: 0, to: numbers.count, by: 4).map { Array(numbers[$0..<min($0 + 4, numbers.count)]) }
        rows.append([context.t(CoreText.buttonBack.rawValue), context.t(CoreText.buttonCancel.rawValue)])
        return [OutMessage(lines.joined(separator: "\n"), buttons: rows, input: .text)]
    }

    private func summaryState(_ state: FormState) -> FormState {
        var next = state
        next.position = .summary
        return next
    }

    /// Whether `folded` (through `TextFolding.fold`) is the label of `key` in any language.
    private func matches(_ folded: String, _ key: String, _ context: DialogContext<Environment>) -> Bool {
        context.catalog.isLabel(folded: folded, key)
    }
}
