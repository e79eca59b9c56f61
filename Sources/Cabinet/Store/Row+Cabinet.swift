import BotCore
import Foundation

extension Row {
    /// The column as a value of a `String`-backed enum; a value the schema forbids is a storage fault.
    func value<E: RawRepresentable>(_ column: Int, as type: E.Type) throws(CabinetError) -> E
    where E.RawValue == String {
        let text = self.text(column)
        guard let value = E(rawValue: text) else {
            throw .storage(DatabaseError(code: 11, message: "unexpected \(E.self) value in column \(column)"))
        }
        return value
    }

    /// The column (milliseconds since 1970) as an instant.
    func instant(_ column: Int) -> Date { Cabinet.date(millis: int(column)) }

    /// The column (milliseconds since 1970) as an instant, or nil for NULL.
    func optionalInstant(_ column: Int) -> Date? { optionalInt(column).map(Cabinet.date(millis:)) }

    /// The column (`YYYY-MM-DD`) as a calendar date, or nil for NULL or a malformed value.
    func optionalCivilDate(_ column: Int) -> CivilDate? { optionalText(column).flatMap { CivilDate($0) } }

    /// The column as an account id, or nil for NULL.
    func optionalAccountID(_ column: Int) -> AccountID? { optionalInt(column).map(AccountID.init(rawValue:)) }

    /// The column as an organization id, or nil for NULL.
    func optionalOrganizationID(_ column: Int) -> OrganizationID? {
        optionalInt(column).map(OrganizationID.init(rawValue:))
    }
}

extension Cabinet {
    /// The columns ``account(from:)`` reads, in order.
    static let accountColumns = """
        account.id, account.login, account.role, account.organization_id, account.full_name, account.email, \
        account.status, account.teacher_id, account.class_name, account.password_hash IS NOT NULL, \
        account.created_at
        """

    /// An account from a row of ``accountColumns``.
    static func account(from row: Row) throws(CabinetError) -> Account {
        Account(
            id: AccountID(rawValue: row.int(0)), login: row.text(1), role: try row.value(2, as: Role.self),
            organizationID: row.optionalOrganizationID(3), fullName: row.text(4), email: row.optionalText(5),
            status: try row.value(6, as: AccountStatus.self), teacherID: row.optionalAccountID(7),
            className: row.optionalText(8), hasPassword: row.int(9) != 0, createdAt: row.instant(10))
    }

    /// The columns ``organization(from:)`` reads, in order.
    static let organizationColumns = "id, inn, name, region, email, created_at"

    /// An organization from a row of ``organizationColumns``.
    static func organization(from row: Row) -> Organization {
        Organization(
            id: OrganizationID(rawValue: row.int(0)), inn: row.text(1), name: row.text(2),
            region: row.optionalText(3), email: row.text(4), createdAt: row.instant(5))
    }
}
