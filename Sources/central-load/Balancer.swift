import Foundation

/// Debian's nginx as the load balancer in front of several `turnero-central` instances on one
/// database (plain HTTP on 127.0.0.1; the path and query pass untouched, as the kiosks signed
/// them). A request whose connection to an instance fails before it was sent goes to the other
/// one; nothing is resent once sent (the kiosk retries, the centre deduplicates).
final class Balancer: Sendable {
    let process: Process
    let port: Int

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    /// nginx's binary: `--nginx`, else Debian's.
    static func binary(_ given: String?) -> String? {
        ([given].compactMap { $0 } + ["/usr/sbin/nginx", "/usr/bin/nginx"]).first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts nginx in front of `upstreams` (ports on 127.0.0.1); waits until it answers.
    static func start(nginx: String, upstreams: [Int], work: String) throws -> Balancer {
        let prefix = "\(work)/nginx"
        try FileManager.default.createDirectory(atPath: prefix + "/logs", withIntermediateDirectories: true)
        let port = try freePort()
        let servers = upstreams.map { "        server 127.0.0.1:\($0) max_fails=1 fail_timeout=30s;" }.joined(separator: "\n")
        let configuration = """
            \(getuid() == 0 ? "user root;" : "")
            worker_processes 1;
            pid \(prefix)/nginx.pid;
            error_log \(prefix)/error.log;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path \(prefix)/body;
                proxy_temp_path \(prefix)/proxy;
                fastcgi_temp_path \(prefix)/fastcgi;
                uwsgi_temp_path \(prefix)/uwsgi;
                scgi_temp_path \(prefix)/scgi;
                upstream turnero_central {
            \(servers)
                    keepalive 64;
                }
                server {
                    listen 127.0.0.1:\(port);
                    client_max_body_size 2m;
                    location / {
                        proxy_pass http://turnero_central;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_connect_timeout 2s;
                        proxy_read_timeout 60s;
                        proxy_next_upstream error timeout;
                    }
                }
            }
            """
        try configuration.write(toFile: "\(prefix)/nginx.conf", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: nginx)
        process.arguments = ["-p", prefix, "-c", "\(prefix)/nginx.conf", "-g", "daemon off;"]
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let balancer = Balancer(process: process, port: port)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if balancer.answers() { return balancer }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        balancer.stop()
        throw LoadFailure(description: "nginx did not start; see \(prefix)/error.log")
    }

    /// Whether something accepts connections on the port.
    private func answers() -> Bool {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = Self.loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// SIGQUIT (nginx's graceful stop) and wait.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGQUIT)
        process.waitUntilExit()
    }

    /// A port nothing listens on now (bound to 0, read, released).
    private static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw LoadFailure(description: "no socket for a free port") }
        defer { close(socket) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
            }
        }
        guard bound else { throw LoadFailure(description: "no free port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
