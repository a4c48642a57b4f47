import ArgumentParser
import Foundation
import Logging
import Net

/// `parley serve --host H --port P --data-dir D [--config F] [--accept-data-loss]`. Tests and tools outside the
/// repository start the server exactly so; the first line it prints is `listening <host>:<port>`. The data
/// directory is recovered before the server listens; what recovery did is logged after that line.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the chat over HTTP and WebSocket.")

    @Option(help: "Address to listen on.") var host = "0.0.0.0"
    @Option(help: "Port to listen on; 0 picks a free one.") var port = 8065
    @Option(name: .customLong("data-dir"), help: "Directory for the journal, snapshots and files.") var dataDir = "./data"
    @Option(help: "Configuration file (JSON).") var config: String?
    @Flag(name: .customLong("accept-data-loss"),
          help: "Start even though the journal is corrupt in the middle: keep the records before the damage, set the rest aside.")
    var acceptDataLoss = false

    func run() throws {
        LoggingSystem.bootstrap { label in ParleyLogHandler(label: label) }
        let logger = Logger(label: "parley")
        let settings: ServerSettings
        do {
            settings = try ServerSettings.load(path: config)
        } catch {
            throw ValidationError("\(error)")
        }
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)

        // Block the stop signals before any thread starts, so every thread inherits the mask and only the
        // sigwait below sees them.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGTERM)
        sigaddset(&stopSignals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)

        let gate = LogGate()
        let durability = try openDurability(settings: settings, gate: gate, logger: logger)
        warmUpTaskPool()
        var net = settings.netConfiguration()
        net.host = host
        net.port = port
        let reference = NetServerReference()
        let (chat, configNotes) = try makeChat(durability, settings: settings)
        let router = Router.standard(settings: settings, dataDir: dataDir, net: reference, chat: chat)
        let server = NetServer(configuration: net, handler: router, errorRenderer: AppError.render, logger: logger)
        reference.server = server
        let address: SocketAddress
        do {
            address = try server.start()
        } catch {
            gate.open()
            logger.critical("cannot start: \(error)")
            durability.close()
            throw ExitCode.failure
        }
        logger.info("listening \(address)")
        let snapshots = startDurability(durability, gate: gate, logger: logger)
        for note in configNotes { logger.notice("\(note)") }
        if let reason = server.fallbackReason {
            logger.notice("io_uring is not available here; using epoll", metadata: ["reason": "\(reason)"])
        }
        logger.info("serving", metadata: ["driver": "\(server.driverName)", "data-dir": "\(dataDir)",
                                          "url": "http://\(host == "0.0.0.0" ? "localhost" : host):\(address.port)"])
        var received: Int32 = 0
        sigwait(&stopSignals, &received)
        logger.info("stopping", metadata: ["signal": "\(received)"])
        server.shutdown()
        chat.hub.stop()
        chat.hashing.shutdown()
        stopDurability(durability, snapshots: snapshots)
        logger.info("stopped")
    }
}
