import Postgres
import Testing

@Suite("PostgresError: SQLSTATE classification and safe descriptions")
struct PostgresErrorTests {
    @Test(arguments: [
        ("23505", PostgresError.Code.uniqueViolation),
        ("23503", .foreignKeyViolation),
        ("23514", .checkViolation),
        ("23502", .notNullViolation),
        ("23P01", .integrityViolation),
        ("42501", .privilegeDenied),
        ("42P01", .syntaxOrAccess),
        ("42601", .syntaxOrAccess),
        ("40001", .serializationFailure),
        ("40P01", .deadlock),
        ("57014", .queryCanceled),
        ("57P01", .connectionLost),
        ("08006", .connectionLost),
        ("08003", .connectionLost),
        ("22P02", .invalidInput),
        ("22003", .invalidInput),
        ("P0001", .raised),
        ("28P01", .connectionFailed),
        ("XX000", .other),
        ("25P02", .other),
    ])
    func sqlStateClassifiesByCodeThenClass(sqlState: String, expected: PostgresError.Code) {
        #expect(PostgresError.Code(sqlState: sqlState) == expected)
    }

    @Test func missingOrMalformedSQLStateIsOther() {
        #expect(PostgresError.Code(sqlState: nil) == .other)
        #expect(PostgresError.Code(sqlState: "235") == .other)
    }

    @Test func onlySerializationAndDeadlockAreRetryable() {
        #expect(PostgresError(code: .serializationFailure).isRetryable)
        #expect(PostgresError(code: .deadlock).isRetryable)
        #expect(!PostgresError(code: .connectionLost).isRetryable)
        #expect(!PostgresError(code: .uniqueViolation).isRetryable)
    }

    @Test func connectionProblemsAreFailedOrLost() {
        #expect(PostgresError(code: .connectionFailed).isConnectionProblem)
        #expect(PostgresError(code: .connectionLost).isConnectionProblem)
        #expect(!PostgresError(code: .privilegeDenied).isConnectionProblem)
    }

    @Test func descriptionNeverContainsServerTextOrSQL() {
        let error = PostgresError(
            code: .uniqueViolation, sqlState: "23505",
            serverMessage: "duplicate key value violates unique constraint \"secret_key\"",
            detail: "Key (email)=(alice@example.com) already exists.",
            constraint: "secret_key",
            sql: "INSERT INTO users (email) VALUES ($1)"
        )
        #expect(!error.description.contains("secret_key"))
        #expect(!error.description.contains("alice"))
        #expect(!error.description.contains("INSERT"))
        #expect(!error.description.isEmpty)
    }

    @Test func logDescriptionCarriesTheDetailsOnOneLine() {
        let error = PostgresError(
            code: .checkViolation, sqlState: "23514",
            serverMessage: "new row violates check constraint \"positive\"\n",
            detail: "Failing row contains (-1).",
            constraint: "positive",
            sql: "INSERT INTO t\nVALUES ($1)"
        )
        let line = error.logDescription
        #expect(line.contains("code=checkViolation"))
        #expect(line.contains("sqlstate=23514"))
        #expect(line.contains("constraint=positive"))
        #expect(line.contains("Failing row contains (-1)."))
        #expect(line.contains("INSERT INTO t\\nVALUES ($1)"))
        #expect(!line.contains("\n"))
    }

    @Test func everyCodeHasItsOwnSafeSentence() {
        let codes: [PostgresError.Code] = [
            .connectionFailed, .connectionLost, .uniqueViolation, .foreignKeyViolation,
            .checkViolation, .notNullViolation, .integrityViolation, .privilegeDenied,
            .serializationFailure, .deadlock, .queryCanceled, .invalidInput, .syntaxOrAccess,
            .raised, .decoding, .other,
        ]
        let sentences = Set(codes.map { PostgresError(code: $0).description })
        #expect(sentences.count == codes.count)
    }
}
