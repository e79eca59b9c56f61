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
        let environment = context.environment
        let registration = OrganizationRegistration(
            inn: values["inn"] ?? "", name: values["name"] ?? "", email: values["email"] ?? "",
            region: values["region"].flatMap { $0.isEmpty ? nil : String($0.prefix(2)) },
            directorName: values["director"] ?? "")
        let issued: IssuedCredentials
        do {
            issued = try environment.cabinet.registerOrganization(actor: agent.id, registration)
        } catch {
            return .stay(
                .register(ticket: ticket, form: done), [OutMessage(ErrorText.message(error, context))], invalid: true)
        }
        // The password goes only into the e-mail to the official address: never into a chat, log or state.
        let mail = OutgoingMail(
            from: MailAddress(address: environment.settings.regionsAddress),
            to: [MailAddress(name: issued.organization.name, address: issued.organization.email)],
            subject: context.t(.agentCredentialsSubject, in: .ru, ["inn": .text(issued.organization.inn)]),
            body: context.t(
                .agentCredentialsBody, in: .ru,
                [
                    "name": .text(issued.organization.name), "inn": .text(issued.organization.inn),
                    "login": .text(issued.login), "password": .text(issued.password),
                ]))
        do {
            try environment.outbox.send(mail)
        } catch {
            return .stay(
                .register(ticket: ticket, form: done), [OutMessage(context.t(.agentMailFailed))], invalid: true)
        }
        let text = context.t(
            .agentRegistered,
            [
                "inn": .text(issued.organization.inn), "email": .text(issued.organization.email),
                "login": .text(issued.login),
            ])
        return ticket.map { show($0, agent: agent, context, intro: [text]) } ?? queue(agent, context, intro: [text])
    }

    // MARK: - Confirming a director

    func confirmDirector(inn text: String, ticket: Int?, agent: Account, _ context: Context) -> Step<State> {
        let environment = context.environment
        guard case .valid(let inn) = Validators.inn(text, context) else {
            if case .invalid(let reason) = Validators.inn(text, context) {
                return .stay(.confirmDirector(ticket: ticket), [OutMessage(reason), askINN(context)], invalid: true)
            }
            return .stay(.confirmDirector(ticket: ticket), [askINN(context)], invalid: true)
        }
        do {
            guard let organization = try environment.cabinet.organization(inn: inn) else {
                throw CabinetError.organizationNotFound
            }
            let identity = try environment.cabinet.confirmDirector(actor: agent.id, organization: organization.id)
            environment.notify(account: identity.accountID, context) { language in
                context.t(.directorConfirmedPush, in: language)
            }
            let text = context.t(.agentDirectorConfirmed, ["inn": .text(inn), "name": .text(organization.name)])
            return ticket.map { show($0, agent: agent, context, intro: [text]) } ?? queue(agent, context, intro: [text])
        } catch {
            return .stay(
                .confirmDirector(ticket: ticket),
                [OutMessage(ErrorText.message(any: error, context)), askINN(context)],
                invalid: true)
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
        let environment = context.environment
        let values = done.values
        do {
            guard let organization = try environment.cabinet.organization(inn: values["inn"] ?? "") else {
                throw CabinetError.organizationNotFound
            }
            let email = values["email"].flatMap { $0.isEmpty ? nil : $0 }
            let change = try environment.cabinet.applyDirectorChange(
                actor: agent.id, organization: organization.id, directorName: values["director"] ?? "", email: email)
            for chat in change.loggedOutChats {
                context.push(
                    to: chat, [OutMessage(context.t(.directorChangedPush, in: environment.language(of: chat)))])
            }
            let text = context.t(
                .agentDirectorChanged,
                [
                    "inn": .text(organization.inn), "name": .text(change.director.fullName),
                ])
            return ticket.map { show($0, agent: agent, context, intro: [text]) } ?? queue(agent, context, intro: [text])
        } catch {
            return .stay(
                .changeDirector(ticket: ticket, form: done), [OutMessage(ErrorText.message(any: error, context))],
                invalid: true)
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
