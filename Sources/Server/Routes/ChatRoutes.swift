import Actors
import Net

/// Every chat route of Mattermost API v4 that Parley serves.
enum ChatRoutes {
    static func register(on r: inout Router, _ chat: ChatContext) {
        UserRoutes.register(on: &r, chat)
        TeamRoutes.register(on: &r, chat)
        ChannelRoutes.register(on: &r, chat)
        PostRoutes.register(on: &r, chat)
        PreferenceRoutes.register(on: &r, chat)
        ConfigRoutes.register(on: &r, chat)
        SidebarRoutes.register(on: &r, chat)
        SystemConsoleRoutes.register(on: &r, chat)
        SearchRoutes.register(on: &r, chat)
        WebSocketRoutes.register(on: &r, chat)
    }
}
