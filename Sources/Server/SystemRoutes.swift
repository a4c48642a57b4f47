import Net

/// `/api/v4/system/*`: health checks that clients call before anything else.
enum SystemRoutes {
    static func register(on router: inout Router) {
        router.add("GET", "/api/v4/system/ping", bodyBytesMax: 4096, ping)
    }

    /// Mobile adds a server only when `status` is "OK"; `get_server_status=true` adds the store checks.
    @Sendable static func ping(_ c: RouteContext) {
        if c.query("get_server_status") == "true" {
            c.respondJSON(200, Array(pingWithStatusBody.utf8))
        } else {
            c.respondJSON(200, pingBodyBytes)
        }
    }

    static let pingBody = #"{"ActiveSearchBackend":"database","AndroidLatestVersion":"","AndroidMinVersion":"","IosLatestVersion":"","IosMinVersion":"","status":"OK"}"#
    static let pingBodyBytes = Array(pingBody.utf8)
    static let pingWithStatusBody = #"{"ActiveSearchBackend":"database","AndroidLatestVersion":"","AndroidMinVersion":"","IosLatestVersion":"","IosMinVersion":"","database_status":"OK","filestore_status":"OK","status":"OK"}"#
}
