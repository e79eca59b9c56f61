import BotCore

extension Cabinet {
    /// Cabinet's schema steps, in order; the application runs them after BotCore's.
    ///
    /// Instants are stored as INTEGER milliseconds since 1970 (UTC), calendar dates as TEXT `YYYY-MM-DD`.
    /// Foreign keys are enforced by the connection (`PRAGMA foreign_keys = ON`).
    public static let migrations: [Migration] = [
        Migration("cabinet-1-organizations-accounts", sql: organizationsAndAccounts),
        Migration("cabinet-2-director-consent", sql: directorAndConsent),
        Migration("cabinet-3-decisions-reports", sql: decisionsAndReports),
        Migration("cabinet-4-requests", sql: requests),
        Migration("cabinet-5-tickets", sql: tickets),
        Migration("cabinet-6-agent-audit", sql: agentAudit),
        Migration("cabinet-7-requests-by-chat", sql: requestChatIndexes),
        Migration("cabinet-8-mail-digest", sql: mailDigest),
        Migration("cabinet-9-login-failures-keyed", sql: "DELETE FROM login_failure;"),
        // A director's account is issued by the platform: a pending one (an earlier add-account) was a dead end.
        Migration(
            "cabinet-10-directors-not-pending",
            sql: "UPDATE account SET status = 'confirmed' WHERE role = 'director' AND status = 'pending';"),
        Migration("cabinet-11-request-status-checks") { db in
            // SQLite only: PostgreSQL checks an IN list without building anything.
            if db.dialect == .sqlite { try db.execute(requestStatusChecks) }
        },
    ]

    private static let organizationsAndAccounts = """
        CREATE TABLE organization (
            id INTEGER PRIMARY KEY,
            inn TEXT NOT NULL UNIQUE CHECK (length(inn) = 10),
            name TEXT NOT NULL,
            region TEXT,
            email TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE account (
            id INTEGER PRIMARY KEY,
            login TEXT NOT NULL UNIQUE,
            password_hash TEXT,
            role TEXT NOT NULL CHECK (role IN ('director', 'teacher', 'student', 'agent')),
            organization_id INTEGER REFERENCES organization(id),
            full_name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            email TEXT,
            status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected')),
            teacher_id INTEGER REFERENCES account(id),
            class_name TEXT,
            created_at INTEGER NOT NULL,
            CHECK ((role = 'agent') = (organization_id IS NULL)),
            CHECK (role = 'student' OR teacher_id IS NULL)
        );
        CREATE INDEX account_organization ON account(organization_id, status, role);
        CREATE INDEX account_teacher ON account(teacher_id, status);
        CREATE UNIQUE INDEX account_one_director ON account(organization_id) WHERE role = 'director';
        CREATE TABLE chat_binding (
            chat TEXT PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES account(id),
            bound_at INTEGER NOT NULL
        );
        CREATE INDEX chat_binding_account ON chat_binding(account_id, bound_at);
        CREATE TABLE login_failure (
            login_key TEXT PRIMARY KEY,
            failures INTEGER NOT NULL,
            last_failure_at INTEGER NOT NULL,
            locked_until INTEGER
        );
        CREATE INDEX login_failure_age ON login_failure(last_failure_at);
        """

    private static let directorAndConsent = """
        CREATE TABLE director_identity (
            account_id INTEGER PRIMARY KEY REFERENCES account(id),
            state TEXT NOT NULL CHECK (state IN ('unconfirmed', 'consent_given', 'data_sent', 'confirmed')),
            consent_at INTEGER,
            data_sent_on TEXT,
            earliest_on TEXT,
            due_on TEXT,
            confirmed_at INTEGER,
            confirmed_by INTEGER REFERENCES account(id),
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX director_identity_state ON director_identity(state);
        CREATE TABLE consent_event (
            id INTEGER PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES account(id),
            kind TEXT NOT NULL CHECK (kind IN ('given', 'withdrawn')),
            at INTEGER NOT NULL,
            time_zone TEXT NOT NULL,
            local_time TEXT NOT NULL,
            chat TEXT,
            message_id TEXT,
            text_version TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            purpose TEXT NOT NULL
        );
        CREATE INDEX consent_event_account ON consent_event(account_id, id);
        CREATE TRIGGER consent_event_no_update BEFORE UPDATE ON consent_event
        BEGIN SELECT RAISE(ABORT, 'consent_event is append-only'); END;
        CREATE TRIGGER consent_event_no_delete BEFORE DELETE ON consent_event
        BEGIN SELECT RAISE(ABORT, 'consent_event is append-only'); END;
        """

    private static let decisionsAndReports = """
        CREATE TABLE report (
            id INTEGER PRIMARY KEY,
            organization_id INTEGER NOT NULL REFERENCES organization(id),
            number INTEGER NOT NULL,
            sent_at INTEGER NOT NULL,
            sent_by INTEGER NOT NULL REFERENCES account(id),
            confirmed_teachers INTEGER NOT NULL,
            rejected_teachers INTEGER NOT NULL,
            confirmed_students INTEGER NOT NULL,
            rejected_students INTEGER NOT NULL,
            UNIQUE (organization_id, number)
        );
        CREATE TABLE decision_batch (
            id INTEGER PRIMARY KEY,
            actor_id INTEGER NOT NULL REFERENCES account(id),
            organization_id INTEGER NOT NULL REFERENCES organization(id),
            verdict TEXT NOT NULL CHECK (verdict IN ('confirm', 'reject')),
            decided_at INTEGER NOT NULL,
            undone_at INTEGER
        );
        CREATE INDEX decision_batch_actor ON decision_batch(actor_id, undone_at, id);
        CREATE TABLE decision (
            id INTEGER PRIMARY KEY,
            batch_id INTEGER NOT NULL REFERENCES decision_batch(id),
            actor_id INTEGER NOT NULL REFERENCES account(id),
            subject_id INTEGER NOT NULL REFERENCES account(id),
            organization_id INTEGER NOT NULL REFERENCES organization(id),
            subject_role TEXT NOT NULL CHECK (subject_role IN ('teacher', 'student')),
            verdict TEXT NOT NULL CHECK (verdict IN ('confirm', 'reject')),
            reason TEXT,
            decided_at INTEGER NOT NULL,
            undone_at INTEGER,
            report_id INTEGER REFERENCES report(id)
        );
        CREATE INDEX decision_unreported ON decision(organization_id, id)
            WHERE report_id IS NULL AND undone_at IS NULL;
        CREATE INDEX decision_batch_member ON decision(batch_id);
        CREATE INDEX decision_report ON decision(report_id, id);
        CREATE INDEX decision_subject ON decision(subject_id);
        """

    private static let requests = """
        CREATE TABLE credential_request (
            id INTEGER PRIMARY KEY,
            inn TEXT NOT NULL,
            name TEXT NOT NULL,
            region TEXT,
            email TEXT NOT NULL,
            director_name TEXT NOT NULL,
            phone TEXT,
            chat TEXT,
            status TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'done')),
            created_at INTEGER NOT NULL,
            sent_on TEXT,
            due_on TEXT,
            done_at INTEGER
        );
        CREATE INDEX credential_request_inn ON credential_request(inn, status, id);
        CREATE TABLE director_change_request (
            id INTEGER PRIMARY KEY,
            inn TEXT NOT NULL,
            organization_id INTEGER REFERENCES organization(id),
            note TEXT,
            chat TEXT,
            status TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'done')),
            created_at INTEGER NOT NULL,
            sent_on TEXT,
            earliest_on TEXT,
            due_on TEXT,
            done_at INTEGER
        );
        CREATE INDEX director_change_request_inn ON director_change_request(inn, status, id);
        CREATE INDEX director_change_request_organization ON director_change_request(organization_id);
        """

    private static let tickets = """
        CREATE TABLE ticket (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('chat', 'help', 'regions', 'ssod')),
            status TEXT NOT NULL CHECK (status IN ('open', 'taken', 'closed')),
            organization_id INTEGER REFERENCES organization(id),
            account_id INTEGER REFERENCES account(id),
            chat TEXT,
            dialog TEXT,
            step TEXT,
            inn TEXT,
            email TEXT,
            mail_message_id TEXT,
            subject TEXT,
            created_at INTEGER NOT NULL,
            taken_by INTEGER REFERENCES account(id),
            taken_at INTEGER,
            closed_at INTEGER,
            resolution TEXT
        );
        CREATE INDEX ticket_queue ON ticket(status, kind, created_at, id);
        CREATE INDEX ticket_chat ON ticket(chat, status);
        CREATE INDEX ticket_taken_by ON ticket(taken_by, status);
        CREATE INDEX ticket_organization ON ticket(organization_id);
        CREATE INDEX ticket_account ON ticket(account_id);
        CREATE UNIQUE INDEX ticket_mail_message ON ticket(mail_message_id) WHERE mail_message_id IS NOT NULL;
        CREATE TABLE ticket_message (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL REFERENCES ticket(id),
            author TEXT NOT NULL CHECK (author IN ('requester', 'agent')),
            author_account_id INTEGER REFERENCES account(id),
            text TEXT NOT NULL,
            at INTEGER NOT NULL
        );
        CREATE INDEX ticket_message_ticket ON ticket_message(ticket_id, id);
        """

    private static let agentAudit = """
        CREATE TABLE agent_action (
            id INTEGER PRIMARY KEY,
            agent_id INTEGER NOT NULL REFERENCES account(id),
            action TEXT NOT NULL,
            organization_id INTEGER REFERENCES organization(id),
            account_id INTEGER REFERENCES account(id),
            ticket_id INTEGER REFERENCES ticket(id),
            at INTEGER NOT NULL
        );
        CREATE INDEX agent_action_agent ON agent_action(agent_id, id);
        CREATE INDEX agent_action_organization ON agent_action(organization_id, id);
        CREATE TRIGGER agent_action_no_update BEFORE UPDATE ON agent_action
        BEGIN SELECT RAISE(ABORT, 'agent_action is append-only'); END;
        CREATE TRIGGER agent_action_no_delete BEFORE DELETE ON agent_action
        BEGIN SELECT RAISE(ABORT, 'agent_action is append-only'); END;
        """

    /// The requests' status checks as comparisons: SQLite checks `status IN (three values)` by building a temporary
    /// index at every INSERT and UPDATE (most of a credential request's INSERT). Tables rebuilt the way SQLite
    /// documents (no other table refers to them), rows and indexes as they were.
    private static let requestStatusChecks = """
        CREATE TABLE credential_request_rebuilt (
            id INTEGER PRIMARY KEY,
            inn TEXT NOT NULL,
            name TEXT NOT NULL,
            region TEXT,
            email TEXT NOT NULL,
            director_name TEXT NOT NULL,
            phone TEXT,
            chat TEXT,
            status TEXT NOT NULL CHECK (status = 'draft' OR status = 'sent' OR status = 'done'),
            created_at INTEGER NOT NULL,
            sent_on TEXT,
            due_on TEXT,
            done_at INTEGER
        );
        INSERT INTO credential_request_rebuilt
            (id, inn, name, region, email, director_name, phone, chat, status, created_at, sent_on, due_on, done_at)
        SELECT id, inn, name, region, email, director_name, phone, chat, status, created_at, sent_on, due_on, done_at
        FROM credential_request;
        DROP TABLE credential_request;
        ALTER TABLE credential_request_rebuilt RENAME TO credential_request;
        CREATE INDEX credential_request_inn ON credential_request(inn, status, id);
        CREATE INDEX credential_request_chat ON credential_request(chat, created_at);
        CREATE TABLE director_change_request_rebuilt (
            id INTEGER PRIMARY KEY,
            inn TEXT NOT NULL,
            organization_id INTEGER REFERENCES organization(id),
            note TEXT,
            chat TEXT,
            status TEXT NOT NULL CHECK (status = 'draft' OR status = 'sent' OR status = 'done'),
            created_at INTEGER NOT NULL,
            sent_on TEXT,
            earliest_on TEXT,
            due_on TEXT,
            done_at INTEGER
        );
        INSERT INTO director_change_request_rebuilt
            (id, inn, organization_id, note, chat, status, created_at, sent_on, earliest_on, due_on, done_at)
        SELECT id, inn, organization_id, note, chat, status, created_at, sent_on, earliest_on, due_on, done_at
        FROM director_change_request;
        DROP TABLE director_change_request;
        ALTER TABLE director_change_request_rebuilt RENAME TO director_change_request;
        CREATE INDEX director_change_request_inn ON director_change_request(inn, status, id);
        CREATE INDEX director_change_request_organization ON director_change_request(organization_id);
        CREATE INDEX director_change_request_chat ON director_change_request(chat, created_at);
        """

    /// The status dialog finds the requests a chat prepared (`latestRequestINN(chat:)`).
    private static let requestChatIndexes = """
        CREATE INDEX credential_request_chat ON credential_request(chat, created_at);
        CREATE INDEX director_change_request_chat ON director_change_request(chat, created_at);
        """

    /// Mail is taken once per (Message-ID, digest of sender, date, subject and body).
    ///
    /// A Message-ID alone does not make a message known: anyone can reuse one.
    private static let mailDigest = """
        ALTER TABLE ticket ADD COLUMN mail_digest TEXT;
        DROP INDEX ticket_mail_message;
        CREATE UNIQUE INDEX ticket_mail_message ON ticket(mail_message_id, mail_digest)
            WHERE mail_message_id IS NOT NULL;
        """
}
