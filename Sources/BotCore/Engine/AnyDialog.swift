import Foundation

/// A dialog with its state erased to JSON, so dialogs of any state type share one stack.
struct AnyDialog<Environment> {
    let id: String
    let version: Int
    let start: (String?, DialogContext<Environment>) throws -> Step<String>
    let handle: (DialogEvent, String, DialogContext<Environment>) throws -> Step<String>
    let stepID: (String) throws -> String
    let formatHint: (String, DialogContext<Environment>) throws -> String?

    init<D: Dialog>(_ dialog: D) where D.Environment == Environment {
        id = dialog.id
        version = dialog.version
        start = { argument, context in
            try Self.erase(dialog.start(argument, context: context))
        }
        handle = { event, json, context in
            let state = try Self.decode(D.State.self, json)
            return try Self.erase(dialog.handle(event, state: state, context: context))
        }
        stepID = { json in dialog.step(of: try Self.decode(D.State.self, json)) }
        formatHint = { json, context in
            dialog.formatHint(for: try Self.decode(D.State.self, json), context: context)
        }
    }

    private static func decode<S: Decodable>(_ type: S.Type, _ json: String) throws -> S {
        try StateJSON.decode(type, from: json)
    }

    private static func encode<S: Encodable>(_ state: S) throws -> String {
        try StateJSON.encode(state)
    }

    private static func erase<S: Encodable>(_ step: Step<S>) throws -> Step<String> {
        let transition: Transition<String>
        switch step.transition {
        case .stay(let state): transition = .stay(try encode(state))
        case .push(let state, let child): transition = .push(try encode(state), child: child)
        case .replace(let launch): transition = .replace(launch)
        case .finish(let result): transition = .finish(result)
        case .handBack: transition = .handBack
        case .toMenu: transition = .toMenu
        }
        return Step(step.messages, transition, invalid: step.isInvalidAnswer)
    }
}
