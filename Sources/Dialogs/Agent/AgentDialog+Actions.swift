import BotCore
import Cabinet

extension AgentDialog {
    static let registerForm = Form<SchoolEnvironment>([
        schoolField("credentials", "inn", Validators.inn),
        schoolField("credentials", "name", Validators.organizationName),
        schoolField("credentials", "email", Validators.email),
        schoolField("credentials", "region", optional: true, Validators.region),
        schoolField("credentials", "director", Validators.personName),
    ])

    static let changeForm = Form<SchoolEnvironment>([
        schoolField("credentials", "inn", Validators.inn),
        schoolField("credentials", "director", Validators.personName),
        schoolField("credentials", "email", optional: true, Validators.email),
    ])

    // MARK: - Registering an organization and issuing its credentials

    func startRegister(ticket: Int?, values: [String: String], _ context: Context) -> Step<State> {
        formStep(Self.registerForm.start(context, values: values), ticket: ticket, register: true, context)
    }

    func register(_ event: DialogEvent, ticket: Int?, form: FormState, agent: Account, _ context: Context) -> Step<
        State
    > {
        let outcome = Self.registerForm.handle(event, form, context)
        guard case .completed(let done) = outcome else {
            return formStep(outcome, ticket: ticket, register: true, context, agent: agent)
        }
        let values = done.values
        let registration = OrganizationRegistration(
            inn: values["inn"] ?? "", name: values["name"] ?? "", email: values["email"] ?? "",
            region: values["region"].flatMap { $0.isEmpty ? nil : String($0.prefix(2)) },
            directorName: values["director"] ?? "")
        do {
            let text = try AgentDesk(agent: agent, context: context).register(registration)
            return ticket.map { show($0, agent: agent, context, intro: [text]) } ?? queue(agent, context, intro: [text])
        } catch {
            return .stay(.register(ticket: ticket, form: done), [OutMessage(error.message)], invalid: true)
        }
    }

    // MARK: - Confirming a director

    func confirmDirector(inn text: String, ticket: Int?, agent: Account, _ context: Context) -> Step<State> {
        guard case .valid(let inn) = Validators.inn(text, context) else {
            if case .invalid(let reason) = Validators.inn(text, context) {
                return .stay(.confirmDirector(ticket: ticket), [OutMessage(reason), askINN(context)], invalid: true)
            }
            return .stay(.confirmDirector(ticket: ticket), [askINN(context)], invalid: true)
        }
        do {
            let text = try AgentDesk(agent: agent, context: context).confirmDirector(inn: inn)
            return ticket.map { show($0, agent: agent, context, intro: [text]) } ?? queue(agent, context, intro: [text])
        } catch {
            return .stay(.confirmDirector(ticket: ticket), [OutMessage(error.message), askINN(context)], invalid: true)
        }
    }

    // MARK: - Applying a change of director

    func startChange(ticket: Int?, values: [String: String], _ context: Context) -> Step<State> {
        var prefilled = values
        prefilled["email"] = nil
        prefilled["name"] = nil
        return formStep(Self.changeForm.start(context, values: prefilled), ticket: ticket, register: false, context)
    }

    func changeDirector(_ event: DialogEvent, ticket: Int?, form: FormState, agent: Account, _ context: Context)
        -> Step<State>
    {
        let outcome = Self.changeForm.handle(event, form, context)
        guard case .completed(let done) = outcome else {
            return formStep(outcome, ticket: ticket, register: false, context, agent: agent)
        }
        let values = done.values
        do {
            let text = try AgentDesk(agent: agent, context: context).changeDirector(
                inn: values["inn"] ?? "", director: values["director"] ?? "",
                email: values["email"].flatMap { $0.isEmpty ? nil : $0 })
            return ticket.map { show($0, agent: agent, context, intro: [text]) } ?? queue(agent, context, intro: [text])
        } catch {
            return .stay(.changeDirector(ticket: ticket, form: done), [OutMessage(error.message)], invalid: true)
        }
    }

    // MARK: - Forms

    private func formStep(
        _ outcome: FormOutcome, ticket: Int?, register: Bool, _ context: Context, agent: Account? = nil
    ) -> Step<State> {
        switch outcome {
        case .asking(let form, let messages, let invalid):
            let state: State =
                register ? .register(ticket: ticket, form: form) : .changeDirector(ticket: ticket, form: form)
            return .stay(state, messages, invalid: invalid)
        case .left, .completed:
            guard let agent else { return .finish(.cancelled) }
            return ticket.map { show($0, agent: agent, context) } ?? queue(agent, context)
        }
    }
}
