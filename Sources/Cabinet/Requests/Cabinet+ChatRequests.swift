import BotCore
import Foundation

extension Cabinet {
    /// The INN of the latest request (for credentials or a change of director) prepared in `chat`, or nil: what
    /// the status dialog looks up first when someone who is not logged in asks "where is my login?".
    public func latestRequestINN(chat: String) throws(CabinetError) -> String? {
        try read {
            try connection.scalarText(
                """
                SELECT inn FROM (
                    SELECT inn, created_at FROM credential_request WHERE chat = ?1
                    UNION ALL
                    SELECT inn, created_at FROM director_change_request WHERE chat = ?1
                ) AS requests ORDER BY created_at DESC LIMIT 1
                """, chat)
        }
    }
}
