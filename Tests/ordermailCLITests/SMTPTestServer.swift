import Foundation

/// Debian's aiosmtpd (`Tests/Helpers/smtp_server.py` under `/usr/bin/python3`) on 127.0.0.1, on a
/// free port, for as long as the value lives; it stops when its stdin closes.
final class SMTPTestServer {
    /// A throwaway self-signed certificate for 127.0.0.1 and localhost, made once per test run by openssl.
    static let certificate = makeCertificate(names: "DNS:localhost,IP:127.0.0.1")
    /// One for another host only: trusted through the CA file, it still does not match 127.0.0.1.
    static let otherHostCertificate = makeCertificate(names: "DNS:smtp.other.example")

    private static func makeCertificate(names: String) -> (cert: String, key: String) {
        let folder = (try? CommandRunner.temporaryDirectory()) ?? NSTemporaryDirectory()
        let cert = "\(folder)/cert.pem"
        let key = "\(folder)/key.pem"
        _ = try? CommandRunner.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                "-subj", "/CN=\(names.split(separator: ":")[1].split(separator: ",")[0])", "-addext",
                "subjectAltName=\(names)",
            ])
        return (cert, key)
    }

    static let user = "anna"
    /// A password with a non-ASCII character, compared byte for byte by the server.
    static let password = "pässwörd-ÅÄÖ"

    var port: Int { helper.port }
    let mailDirectory: String
    private let helper: PortHelperProcess

    /// - Parameters:
    ///   - tls: starttls, implicit or none.
    ///   - authentication: require AUTH with `user` and `password`.
    ///   - behaviour: accept, mail-550, rcpt-550, data-451, data-554, drop-after-data,
    ///     stall-after-greeting, stall-after-data or hold-after-data (until ``releaseHeldReplies()``).
    ///   - xoauth2Token: also offer XOAUTH2 (accepting `user` with this token) and OAUTHBEARER (refusing all).
    init(
        tls: String = "starttls", authentication: Bool = true, behaviour: String = "accept",
        certificate: (cert: String, key: String) = SMTPTestServer.certificate, xoauth2Token: String? = nil
    ) throws {
        mailDirectory = try CommandRunner.temporaryDirectory()
        let passwordFile = try CommandRunner.temporaryDirectory() + "/password"
        try Data(Self.password.utf8).write(to: URL(fileURLWithPath: passwordFile))
        var arguments = [
            "--mail-dir", mailDirectory, "--tls", tls,
            "--cert", certificate.cert, "--key", certificate.key, "--behaviour", behaviour,
        ]
        if authentication { arguments += ["--user", Self.user, "--password-file", passwordFile] }
        if let xoauth2Token {
            let tokenFile = try CommandRunner.temporaryDirectory() + "/token"
            try Data(xoauth2Token.utf8).write(to: URL(fileURLWithPath: tokenFile))
            arguments += ["--xoauth2-token-file", tokenFile]
        }
        helper = try PortHelperProcess(script: "smtp_server.py", arguments: arguments)
    }

    /// Lets a hold-after-data server answer the DATA it holds, and every later one.
    func releaseHeldReplies() {
        _ = FileManager.default.createFile(atPath: "\(mailDirectory)/release", contents: nil)
    }

    /// `smtp://127.0.0.1:PORT` or, for implicit TLS, `smtps://…`.
    func url(_ scheme: String = "smtp") -> String { "\(scheme)://127.0.0.1:\(port)" }

    /// The messages the server stored, oldest first: exact bytes and envelope.
    func received() throws -> [(bytes: [UInt8], envelope: [String: Any])] {
        var result: [(bytes: [UInt8], envelope: [String: Any])] = []
        var index = 1
        while FileManager.default.fileExists(atPath: "\(mailDirectory)/\(index).eml") {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(mailDirectory)/\(index).eml"))
            let meta = try Data(contentsOf: URL(fileURLWithPath: "\(mailDirectory)/\(index).json"))
            result.append((Array(bytes), (try JSONSerialization.jsonObject(with: meta) as? [String: Any]) ?? [:]))
            index += 1
        }
        return result
    }

    /// How many sessions ended with QUIT.
    func quitCount() -> Int {
        ((try? String(contentsOfFile: "\(mailDirectory)/quit.txt", encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    /// The EHLO names clients gave.
    func ehloNames() -> [String] {
        ((try? String(contentsOfFile: "\(mailDirectory)/ehlo.txt", encoding: .utf8)) ?? "").split(separator: "\n").map(
            String.init)
    }
}

extension FileHandle {
    /// Reads until a newline or the end.
    func availableDataUntilNewline() -> Data {
        var data = Data()
        while let byte = try? read(upToCount: 1), !byte.isEmpty {
            if byte == Data("\n".utf8) { break }
            data.append(byte)
        }
        return data
    }
}
