import Foundation

/// The run's figures as a Markdown table (docs/performance.md) and JSON.
enum LoadReport {
    static func line(_ result: LoadResult) -> String {
        "[\(result.backend)] \(result.passed ? "PASS" : "FAIL"): \(result.storedEvents)/\(result.events) events stored in \(String(format: "%.1f", result.seconds)) s, "
            + "\(result.requests) requests, p50 \(String(format: "%.1f", result.percentile(0.5))) ms, p99 \(String(format: "%.1f", result.percentile(0.99))) ms"
    }

    static func table(_ results: [LoadResult], options: LoadRun.Options) -> String {
        func row(_ name: String, _ value: (LoadResult) -> String) -> String {
            "| \(name) | " + results.map(value).joined(separator: " | ") + " |"
        }
        func count(_ value: Int) -> String { value.formatted(.number.grouping(.automatic)) }
        var lines = [
            "| Figure | " + results.map(\.backend).joined(separator: " | ") + " |",
            "|---|" + results.map { _ in "---|" }.joined(),
            row("kiosks × turns", { "\($0.kiosks) × \(options.turns)" }),
            row("centre instances (one SIGKILLed at)", { "\($0.instances)" + ($0.killedAt.map { String(format: " (%.1f s)", $0) } ?? "") }),
            row("events generated", { count($0.events) }),
            row("wall time (day compressed to \(Int(options.dayDuration)) s)", { String(format: "%.1f s", $0.seconds) }),
            row("throughput, events stored per second of the run", { count(Int(Double($0.storedEvents) / max($0.seconds, 0.001))) }),
            row("upload requests (200)", { "\(count($0.requests)) (\(count($0.uploads)))" }),
            row("upload latency p50 / p99 (200 answers)", { String(format: "%.1f / %.1f ms", $0.percentile(0.5), $0.percentile(0.99)) }),
            row("reconnect storms (kiosks offline, summed)", { "\($0.storms) (\(count($0.stormKiosks)))" }),
            row("answers lost on purpose / connections cut at 50 ms", { "\($0.lostAnswers) / \($0.abortedConnections)" }),
            row("events the centre reported as duplicates", { count($0.duplicatesReported) }),
            row("429 / 503 / other errors / transport errors", {
                let other = $0.byStatus.filter { ![200, 429, 503].contains($0.key) }.values.reduce(0, +)
                return "\($0.byStatus[429] ?? 0) / \($0.byStatus[503] ?? 0) / \(other) / \($0.transportErrors)"
            }),
            row("errors logged by the server", { count($0.serverErrors) }),
            row("stored / counted / dead letters at the end", { "\(count(Int($0.storedEvents))) / \(count(Int($0.counted))) / \($0.deadLetters)" }),
            row("missing / different / unfinished kiosks", { "\($0.missing) / \($0.mismatched) / \($0.unfinishedKiosks)" }),
            row("result", { $0.passed ? "**nothing lost, nothing duplicated**" : "**FAILED**" }),
        ]
        lines.append("")
        return lines.joined(separator: "\n")
    }

    static func json(_ results: [LoadResult]) -> Data {
        let objects: [[String: Any]] = results.map { result in
            [
                "backend": result.backend, "kiosks": result.kiosks, "events": result.events, "seconds": result.seconds,
                "requests": result.requests, "uploads": result.uploads, "p50_ms": result.percentile(0.5),
                "p99_ms": result.percentile(0.99), "stored": result.storedEvents, "counted": result.counted,
                "dead_letters": result.deadLetters, "missing": result.missing, "mismatched": result.mismatched,
                "unfinished_kiosks": result.unfinishedKiosks, "duplicates_reported": result.duplicatesReported,
                "lost_answers": result.lostAnswers, "aborted_connections": result.abortedConnections,
                "transport_errors": result.transportErrors, "server_errors": result.serverErrors, "passed": result.passed,
                "instances": result.instances, "killed_at": result.killedAt ?? -1,
                "status": Dictionary(uniqueKeysWithValues: result.byStatus.map { (String($0.key), $0.value) }),
            ]
        }
        return (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])) ?? Data()
    }
}
