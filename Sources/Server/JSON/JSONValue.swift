/// A parsed JSON document. Request bodies are small and read once, so a plain tree is enough;
/// the accessors return nil instead of throwing so that routes can say which field was wrong.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The member named `key`, or nil when it is missing or when this value is not an object.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    var string: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    /// Integers, and doubles that hold an integral value inside Int64's range, since clients
    /// written in JavaScript may send `1.0e3` for a timestamp.
    var int64: Int64? {
        switch self {
        case .int(let value):
            return value
        case .double(let value):
            guard value.rounded(.towardZero) == value,
                value >= JSONValue.int64LowerBound, value < JSONValue.int64UpperBound
            else { return nil }
            return Int64(value)
        case .null, .bool, .string, .array, .object:
            return nil
        }
    }

    var bool: Bool? {
        guard case .bool(let flag) = self else { return nil }
        return flag
    }

    var array: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    var object: [String: JSONValue]? {
        guard case .object(let members) = self else { return nil }
        return members
    }

    var isNull: Bool {
        guard case .null = self else { return false }
        return true
    }

    /// The object as a string-to-string map, or nil when this is not an object or any value is not a string.
    /// Mattermost keeps `notify_props`, user `props` and `timezone` in this shape.
    func stringMap() -> [String: String]? {
        guard case .object(let members) = self else { return nil }
        var map: [String: String] = [:]
        map.reserveCapacity(members.count)
        for (key, value) in members {
            guard case .string(let text) = value else { return nil }
            map[key] = text
        }
        return map
    }

    /// -2^63 and 2^63 are exact doubles; values in [lower, upper) convert to Int64 without trapping.
    private static let int64LowerBound = -9_223_372_036_854_775_808.0
    private static let int64UpperBound = 9_223_372_036_854_775_808.0
}
