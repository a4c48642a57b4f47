import Glibc

/// The routes as a tree of path segments stored flat (nodes in an array, children by index), so a request is
/// matched by walking its path's bytes once with no reference counting: literal children are compared with
/// memcmp (a node has few), parameters are captured on the way, and a path made only of literals allocates nothing.
struct RouteTrie: Sendable {
    private struct Node: Sendable {
        var literals: [(bytes: [UInt8], child: Int)] = []
        var parameter: (name: String, child: Int)?
        var routes: [String: Router.Route] = [:]   // by method
    }

    private var nodes = [Node()]

    mutating func insert(_ route: Router.Route) {
        var at = 0
        for segment in route.segments {
            switch segment {
            case .literal(let l):
                let bytes = Array(l.utf8)
                if let existing = nodes[at].literals.first(where: { $0.bytes == bytes }) {
                    at = existing.child
                } else {
                    nodes.append(Node())
                    nodes[at].literals.append((bytes, nodes.count - 1))
                    at = nodes.count - 1
                }
            case .parameter(let name):
                if let p = nodes[at].parameter {
                    precondition(p.name == name, "conflicting parameter names \(p.name) and \(name) at one position")
                    at = p.child
                } else {
                    nodes.append(Node())
                    nodes[at].parameter = (name, nodes.count - 1)
                    at = nodes.count - 1
                }
            }
        }
        precondition(nodes[at].routes[route.method] == nil, "route \(route.method) \(route.segments) registered twice")
        nodes[at].routes[route.method] = route
    }

    /// Walks `path` ("/a/b/c", empty segments ignored). A literal segment wins over a parameter at the same place.
    func match(method: String, path: Substring) -> Router.Match {
        var p = path
        var parameters: [String: String] = [:]
        let found = p.withUTF8 { walk($0, &parameters) }
        guard let at = found else { return .none }
        if let route = nodes[at].routes[method] ?? (method == "HEAD" ? nodes[at].routes["GET"] : nil) {
            return .found(route, parameters)
        }
        return nodes[at].routes.isEmpty ? .none : .wrongMethod
    }

    private func walk(_ bytes: UnsafeBufferPointer<UInt8>, _ parameters: inout [String: String]) -> Int? {
        var at = 0
        var i = 0
        let slash = UInt8(ascii: "/")
        return nodes.withUnsafeBufferPointer { nodes -> Int? in
            while i < bytes.count {
                if bytes[i] == slash { i += 1; continue }
                var end = i
                while end < bytes.count && bytes[end] != slash { end += 1 }
                let segment = UnsafeBufferPointer(rebasing: bytes[i..<end])
                if let child = Self.literal(nodes[at], segment) {
                    at = child
                } else if let p = nodes[at].parameter {
                    parameters[p.name] = String(decoding: segment, as: UTF8.self)
                    at = p.child
                } else {
                    return nil
                }
                i = end
            }
            return at
        }
    }

    private static func literal(_ node: borrowing Node, _ segment: UnsafeBufferPointer<UInt8>) -> Int? {
        for k in node.literals.indices where node.literals[k].bytes.count == segment.count {
            let same = node.literals[k].bytes.withUnsafeBufferPointer {
                segment.count == 0 || memcmp($0.baseAddress!, segment.baseAddress!, segment.count) == 0
            }
            if same { return node.literals[k].child }
        }
        return nil
    }
}
