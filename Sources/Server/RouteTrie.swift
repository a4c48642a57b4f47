import Glibc

/// The routes as a tree of path segments, so a request is matched by walking its path's bytes once: literal
/// children are compared with memcmp (a node has few), parameters are captured on the way, and a path made only of
/// literals allocates nothing.
struct RouteTrie: Sendable {
    private final class Node: @unchecked Sendable {
        // Written only while the router is built, before it is shared; read-only afterwards.
        var literals: [(bytes: [UInt8], node: Node)] = []
        var parameter: (name: String, node: Node)?
        var routes: [String: Router.Route] = [:]   // by method

        func literal(_ segment: UnsafeBufferPointer<UInt8>) -> Node? {
            for child in literals where child.bytes.count == segment.count {
                let same = child.bytes.withUnsafeBufferPointer { memcmp($0.baseAddress!, segment.baseAddress!, segment.count) == 0 }
                if same { return child.node }
            }
            return nil
        }
    }

    private let root = Node()

    func insert(_ route: Router.Route) {
        var node = root
        for segment in route.segments {
            switch segment {
            case .literal(let l):
                let bytes = Array(l.utf8)
                if let next = node.literals.first(where: { $0.bytes == bytes })?.node {
                    node = next
                } else {
                    let next = Node()
                    node.literals.append((bytes, next))
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
        var p = path
        let found: (Node, [String: String])? = p.withUTF8 { walk($0) }
        guard let (node, parameters) = found else { return .none }
        if let route = node.routes[method] ?? (method == "HEAD" ? node.routes["GET"] : nil) {
            return .found(route, parameters)
        }
        return node.routes.isEmpty ? .none : .wrongMethod
    }

    private func walk(_ bytes: UnsafeBufferPointer<UInt8>) -> (Node, [String: String])? {
        var node = root
        var parameters: [String: String] = [:]
        var i = 0
        let slash = UInt8(ascii: "/")
        while i < bytes.count {
            if bytes[i] == slash { i += 1; continue }
            var end = i
            while end < bytes.count && bytes[end] != slash { end += 1 }
            let segment = UnsafeBufferPointer(rebasing: bytes[i..<end])
            if let next = node.literal(segment) {
                node = next
            } else if let p = node.parameter {
                parameters[p.name] = String(decoding: segment, as: UTF8.self)
                node = p.node
            } else {
                return nil
            }
            i = end
        }
        return (node, parameters)
    }
}
