import Postgres
import Testing

@Suite("ConnectionSettings: from PG* variables or DATABASE_URL")
struct ConnectionSettingsTests {
    @Test func pgVariablesBecomeKeywords() {
        let settings = ConnectionSettings.fromEnvironment([
            "PGHOST": "/run/pg", "PGPORT": "5433", "PGDATABASE": "taskmgr", "PGUSER": "postgres",
            "PGPASSWORD": "pw",
        ])
        #expect(!settings.expandDatabaseName)
        #expect(settings.value(of: "host") == "/run/pg")
        #expect(settings.value(of: "port") == "5433")
        #expect(settings.value(of: "dbname") == "taskmgr")
        #expect(settings.value(of: "user") == "postgres")
        #expect(settings.value(of: "password") == "pw")
        #expect(settings.value(of: "application_name") == "taskmgr")
        #expect(settings.value(of: "connect_timeout") == "5")
    }

    @Test func sessionAlwaysRunsInUTC() {
        for env in [[:], ["DATABASE_URL": "postgresql://u@h/db"], ["PGOPTIONS": "-c work_mem=8MB"]] {
            let options = ConnectionSettings.fromEnvironment(env).value(of: "options") ?? ""
            #expect(options.contains("-c TimeZone=UTC"), "\(env)")
        }
        let withOwn = ConnectionSettings.fromEnvironment(["PGOPTIONS": "-c work_mem=8MB"])
        #expect(withOwn.value(of: "options")?.hasPrefix("-c work_mem=8MB") == true)
    }

    @Test func urlIsExpandedAndUserOverrideComesAfterIt() {
        let settings = ConnectionSettings.fromEnvironment(
            ["DATABASE_URL": "postgresql://admin:pw@db.example/taskmgr?options=-c%20search_path%3Dapp", "PGHOST": "ignored"],
            user: "taskmgr_api"
        )
        #expect(settings.expandDatabaseName)
        let keywords = settings.parameters.map(\.keyword)
        let urlPosition = keywords.firstIndex(of: "dbname")!
        #expect(keywords.lastIndex(of: "user")! > urlPosition)
        #expect(keywords.lastIndex(of: "options")! > urlPosition)
        #expect(settings.value(of: "user") == "taskmgr_api")
        #expect(settings.value(of: "host") == nil)
        #expect(settings.value(of: "options") == "-c search_path=app -c TimeZone=UTC -c DateStyle=ISO")
    }

    @Test func connectTimeoutFromEnvironment() {
        let settings = ConnectionSettings.fromEnvironment(["PGCONNECT_TIMEOUT": "2"])
        #expect(settings.value(of: "connect_timeout") == "2")
    }

    @Test func logDescriptionNeverShowsAPassword() {
        let fromURL = ConnectionSettings.fromEnvironment(["DATABASE_URL": "postgresql://admin:s3cret@db.example:6543/taskmgr"])
        #expect(fromURL.logDescription == "host=db.example port=6543 dbname=taskmgr user=admin")
        let fromVariables = ConnectionSettings.fromEnvironment(["PGHOST": "h", "PGUSER": "u", "PGPASSWORD": "s3cret"])
        #expect(!fromVariables.logDescription.contains("s3cret"))
        #expect(fromVariables.logDescription.contains("user=u"))
    }
}
