import Foundation

/// A value kept in a JSON file: a population in `--state FILE` (so a re-run skips sign-up and login), a report.
protocol JSONFile: Codable {}

extension JSONFile {
    static func load(path: String) -> Self? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(Self.self, from: data)
    }

    func save(path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var data = try encoder.encode(self)
        data.append(0x0A)
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
