/// The catalog keys the engine itself speaks; every application catalog must define them.
public enum CoreText: String, CaseIterable, Sendable {
    case flowChanged = "core.flow_changed"
    case formatAgain = "core.format_again"
    case offerHuman = "core.offer_human"
    case cancelled = "core.cancelled"
    case languageSet = "core.language_set"
    case languageUsage = "core.language_usage"
    case internalError = "core.internal_error"
    case buttonBack = "core.button.back"
    case buttonCancel = "core.button.cancel"
    case buttonHelp = "core.button.help"
    case buttonMenu = "core.button.menu"
    case buttonHuman = "core.button.human"
    case buttonSkip = "core.button.skip"
    case buttonConfirm = "core.button.confirm"
    case buttonYes = "core.button.yes"
    case buttonNo = "core.button.no"
    case buttonContinue = "core.button.continue"
    case buttonKeep = "core.button.keep"
    case formSummary = "core.form.summary"
    case formCurrentValue = "core.form.current_value"
    case formChangeHint = "core.form.change_hint"
    case formChangeButton = "core.form.change_button"
    case formEmptyValue = "core.form.empty_value"
    case formRequired = "core.form.required"
    case formButtonNotAnswer = "core.form.button_not_answer"
}

extension DialogContext {
    /// The catalog text of an engine key.
    public func t(_ key: CoreText, _ arguments: [String: CatalogValue] = [:]) -> String {
        t(key.rawValue, arguments)
    }
}
