import Foundation
import Synchronization

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
        let memo = StateMemo<D.State>()
        func decode(_ json: String) throws -> D.State {
            if let known = memo.value(for: json) { return known.state }
            let state = try Self.decode(D.State.self, json)
            memo.remember(json: json, state: state, step: dialog.step(of: state))
            return state
        }
        func erase(_ step: Step<D.State>) throws -> Step<String> {
            try Self.erase(step) { state in
                let json = try Self.encode(state)
                memo.remember(json: json, state: state, step: dialog.step(of: state))
                return json
            }
        }
        start = { argument, context in
            try erase(dialog.start(argument, context: context))
        }
        handle = { event, json, context in
            try erase(dialog.handle(event, state: try decode(json), context: context))
        }
        stepID = { json in
            if let known = memo.value(for: json) { return known.step }
            return dialog.step(of: try decode(json))
        }
        formatHint = { json, context in
            dialog.formatHint(for: try decode(json), context: context)
        }
    }

    private static func decode<S: Decodable>(_ type: S.Type, _ json: String) throws -> S {
        try StateJSON.decode(type, from: json)
    }

    private static func encode<S: Encodable>(_ state: S) throws -> String {
        try StateJSON.encode(state)
    }

    private static func erase<S>(_ step: Step<S>, encode: (S) throws -> String) throws -> Step<String> {
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

/// The last state a dialog decoded or encoded, with its JSON and step id: a turn reads its top state three times
/// (the stack check, the event, the step id of the answer) and the answer's state once more at the next check,
/// and each decode costs more than the dialog's own work. One entry per dialog, so chats never share more than
/// the most recent state (a state must come back equal from its JSON, as `Codable` states do).
///
/// `Mutex`: engines may be shared between threads (scripted tests run in parallel).
final class StateMemo<State: Sendable>: Sendable {
    struct Entry: Sendable {
        var json: String
        var state: State
        var step: String
    }

    private let entry = Mutex<Entry?>(nil)

    func value(for json: String) -> Entry? {
        entry.withLock { entry in
            guard let known = entry, known.json == json else { return nil }
            return known
        }
    }

    func remember(json: String, state: State, step: String) {
        entry.withLock { $0 = Entry(json: json, state: state, step: step) }
    }
}
