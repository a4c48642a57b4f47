import Actors
import Net
import Synchronization

extension Router {
    /// Every route Parley serves.
    static func standard(settings: ServerSettings, dataDir: String, net: NetServerReference, chat: ChatContext?) -> Router {
        var router = Router(defaultBodyBytesMax: settings.bodyBytesMax)
        router.webClient = WebClient.embedded()
        SystemRoutes.register(on: &router)
        if let chat { ChatRoutes.register(on: &router, chat) }
        if TestRoutes.enabled {
            TestRoutes.register(on: &router, dataDir: dataDir, counters: { net.server?.counters() ?? [] })
        }
        return router
    }
}

/// The routes are built before the server they belong to exists; this is how they reach it afterwards.
final class NetServerReference: Sendable {
    private let value = Mutex<NetServer?>(nil)
    var server: NetServer? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
