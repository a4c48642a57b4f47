import Actors
import Net

/// Configuration, the client configuration and licence the apps read at start, roles.
enum ConfigRoutes {
    static func register(on r: inout Router, _ chat: ChatContext) {
        r.add("GET", "/api/v4/config/client") { c in
            c.run { c in
                guard c.query("format") == "old" else {
                    throw AppError.notImplemented("api.config.client.old_format.app_error", "New format for the client configuration is not supported yet.")
                }
                return Reply(status: 200, body: clientConfig(chat.config.current))
            }
        }
        r.add("GET", "/api/v4/license/client") { c in
            c.run { _ in Reply(status: 200, body: Array(#"{"IsLicensed":"false"}"#.utf8)) }
        }
        r.add("GET", "/api/v4/config") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                guard auth.caller.isSystemAdmin else { throw AppError.permission("manage_system") }
                return Reply(status: 200, body: JSONWriter.encode(chat.config.current.json()))
            }
        }
        r.add("PUT", "/api/v4/config") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                guard auth.caller.isSystemAdmin else { throw AppError.permission("manage_system") }
                let config = try ChatConfig.parse(try c.json())
                let stored = JSONWriter.encode(config.json())
                try await chat.directory.setConfig(stored, by: auth.caller)
                let before = chat.config.current
                chat.config.replace(config)
                if before.maximumLoginAttempts != config.maximumLoginAttempts {
                    chat.throttle.withLock { $0 = LoginThrottle(attemptsMax: config.maximumLoginAttempts) }
                }
                return Reply(status: 200, body: stored)
            }
        }
        r.add("GET", "/api/v4/roles/name/{name}") { c in
            c.run { c in
                _ = try await chat.authenticate(c)
                guard let role = chat.runtime.roles.role(named: c.parameters["name"] ?? "") else { throw AppError(ChatError.missing("role")) }
                return Reply.json { $0.role(role) }
            }
        }
        r.add("GET", "/api/v4/roles/{role_id}") { c in
            c.run { c in
                _ = try await chat.authenticate(c)
                guard let role = chat.runtime.roles.role(id: try c.idParameter("role_id")) else { throw AppError(ChatError.missing("role")) }
                return Reply.json { $0.role(role) }
            }
        }
        r.add("POST", "/api/v4/roles/names") { c in
            c.run { c in
                _ = try await chat.authenticate(c)
                guard let names = try c.json().array, names.count <= 100 else { throw AppError.invalidBody("role names") }
                let table = chat.runtime.roles
                let roles = names.compactMap { $0.string.flatMap(table.role(named:)) }
                return Reply.json { w in w.beginArray(); for r in roles { w.role(r) }; w.endArray() }
            }
        }
        r.add("PUT", "/api/v4/roles/{role_id}/patch") { c in
            c.run { c in
                let auth = try await chat.authenticate(c)
                guard let list = try c.jsonObject()["permissions"]?.array else { throw AppError.invalidBody("permissions") }
                let role = try await chat.directory.patchRole(try c.idParameter("role_id"), permissions: list.compactMap(\.string),
                                                              by: auth.caller)
                return Reply.json { $0.role(role) }
            }
        }
    }

    /// The flat map of strings the apps read (`format=old`).
    static func clientConfig(_ c: ChatConfig) -> [UInt8] {
        let values: [String: String] = [
            "Version": ParleyVersion.mattermostCompatible, "BuildNumber": ParleyVersion.build, "BuildHash": "parley",
            "BuildDate": "", "BuildEnterpriseReady": "false", "SiteURL": c.siteURL, "SiteName": c.siteName,
            "EnableSignUpWithEmail": "true", "EnableSignInWithEmail": "true", "EnableSignInWithUsername": "true",
            "EnableUserCreation": String(c.enableUserCreation), "EnableOpenServer": String(c.enableOpenServer),
            "EnableTeamCreation": String(c.enableTeamCreation),
            "EnableFileAttachments": "true", "MaxFileSize": String(c.maxFileSize), "MaxPostSize": String(Post.messageRunesMax),
            "EnablePublicLink": String(c.enablePublicLink), "EnableIncomingWebhooks": "false",
            "EnableUserTypingMessages": "true", "TimeBetweenUserTypingUpdatesMilliseconds": "5000",
            "EnableChannelViewedMessages": "true", "ShowEmailAddress": String(c.showEmailAddress),
            "ShowFullName": String(c.showFullName), "TeammateNameDisplay": "username",
            "RestrictDirectMessage": c.restrictDirectMessage, "EnableCustomEmoji": "false", "EnableEmojiPicker": "true",
            "PostEditTimeLimit": String(c.postEditTimeLimit), "CollapsedThreads": "disabled",
            "EnableReliableWebSockets": "true", "WebsocketURL": "", "ExperimentalEnablePostMetadata": "true",
            "SendEmailNotifications": "false", "EnableEmailInvitations": "false", "DiagnosticsEnabled": "false",
            "EnableDiagnostics": "false", "PasswordMinimumLength": String(c.passwordMinimumLength),
            "EnableUserDeactivation": String(c.enableUserDeactivation),
        ]
        var w = JSONWriter()
        w.stringMap(values)
        return w.bytes
    }
}
