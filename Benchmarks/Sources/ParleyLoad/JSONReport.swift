/// What a scenario ends with: a table for stdout and a JSON document (`JSONFile`) for `--json`.
protocol JSONReport: JSONFile {
    var table: String { get }
}

/// The frame every scenario runs in: SIGINT and SIGTERM stop what it started, the open-files limit is raised, a
/// temporary work directory exists for the body and is removed after it, and the report is printed and written.
enum Scenario {
    static func run<R: JSONReport>(json: String?, _ body: (_ work: String) throws -> R) throws {
        SignalGuard.install()
        FileLimit.raiseToHard()
        let work = try WorkDirectory()
        defer { work.remove() }
        let report = try body(work.path)
        print(report.table)
        if let json {
            try report.save(path: json)
            Log.progress("wrote \(json)")
        }
    }
}
