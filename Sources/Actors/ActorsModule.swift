// The chat domain (users, teams, channels, posts, presence) lives in this module as Swift actors.
// It knows nothing of sockets; see ../shared/DESIGN.md §3 and the "Actors+API" issue.
import Snapshot

/// What the domain reports about itself at start-up.
public enum ActorsModule {
    public static let snapshotFormatVersion = SnapshotFormat.version
}
