/// The routes as a tree of path segments, so a request is matched by walking its path once: one dictionary lookup
/// per segment, parameters captured on the way, no splitting of the path into an array.
struct RouteTrie: Sendable {
    private final class Node: @unchecked Sendable {
        // Written only while the router is built, before it is shared; read-only afterwards.
        var literals: [Substring: Node] = [:]
        var parameter: (name: String, node: Node)?
        var routes: [String: Router.Route] = [:]   // by method
    }

    private let root = Node()

    func insert(_ route: Router.Route) {
        var node = root
        for segment in route.segments {
            switch segment {
            case .literal(let l):
                if let next = node.literals[Substring(l)] {
                    node = next
                } else {
                    let next = Node()
                    node.literals[Substring(l)] = next
                    node = next
                }
            case .parameter(let name):
                if let p = node.parameter {
                    precondition(p.name == name, "conflicting parameter names \(p.name) and \(name) at one position")
                    node = p.node
                } else {
                    let next = Node()
                    node.parameter = (name, next)
                    node = next
                }
            }
        }
        precondition(node.routes[route.method] == nil, "route \(route.method) \(route.segments) registered twice")
        node.routes[route.method] = route
    }

    /// Walks `path` ("/a/b/c", empty segments ignored). A literal segment wins over a parameter at the same place.
    func match(method: String, path: Substring) -> Router.Match {
        var node = root
        var parameters: [String: String] = [:]
        var rest = path[...]
        while true {
            while rest.utf8.first == UInt8(ascii: "/") { rest = rest.dropFirst() }
            if rest.isEmpty { break }
            let end = rest.utf8.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
            let segment = rest[..<end]
            rest = rest[end...]
            if let next = node.literals[segment] {
                node = next
            } else if let p = node.parameter {
                parameters[p.name] = String(segment)
                node = p.node
            } else {
                return .none
            }
        }
        if let route = node.routes[method] ?? (method == "HEAD" ? node.routes["GET"] : nil) {
            return .found(route, parameters)
        }
        return node.routes.isEmpty ? .none : .wrongMethod
    }
}
