import Foundation
import TestSupport

/// Debian's nginx run by a test: a main configuration around the test's `server` block(s), in
/// the test's own directory, in the foreground; stopped with SIGQUIT.
struct Nginx {
    /// `kiosk-scripts/setup.sh --test` installs it.
    static var binary: String? { ["/usr/sbin/nginx", "/usr/bin/nginx"].first { FileManager.default.isExecutableFile(atPath: $0) } }

    let process: ChildProcess

    /// Starts nginx with `site` (one or more `upstream`/`server` blocks) under `prefix`.
    static func start(_ binary: String, site: String, prefix: String) throws -> Nginx {
        try site.write(toFile: prefix + "/site.conf", atomically: true, encoding: .utf8)
        let main = """
            \(getuid() == 0 ? "user root;" : "")
            worker_processes 1;
            pid \(prefix)/nginx.pid;
            error_log \(prefix)/nginx-error.log;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path \(prefix)/body; proxy_temp_path \(prefix)/proxy;
                fastcgi_temp_path \(prefix)/fastcgi; uwsgi_temp_path \(prefix)/uwsgi; scgi_temp_path \(prefix)/scgi;
                include \(prefix)/site.conf;
            }
            """
        try main.write(toFile: prefix + "/nginx.conf", atomically: true, encoding: .utf8)
        return Nginx(process: try ChildProcess(URL(fileURLWithPath: binary), ["-p", prefix, "-c", prefix + "/nginx.conf", "-g", "daemon off;"]))
    }

    func stop() { process.stop(SIGQUIT) }
}
