#!/usr/bin/env bash
# ESC/POS benchmark: time to compose and encode one queue ticket in Swift (escpos-bench,
# release build) and in python-escpos (Dummy printer, same ticket), in the same run, plus the
# bytes on the wire (text + native QR, text + raster QR, the whole ticket as one image).
#   kiosk-scripts/bench-escpos.sh                 # figures for people
#   kiosk-scripts/bench-escpos.sh --json          # one JSON object for scripts
# Needs python-escpos (pip install python-escpos). Results go in docs/performance.md,
# section "ESC/POS encoding". Times are thread CPU time, best and median of 15 rounds on both
# sides; the ratio uses the best rounds, which other load on the machine disturbs least.
set -euo pipefail
cd "$(dirname "$0")/.."

json=0
for argument in "$@"; do
  case "$argument" in
    --json) json=1 ;;
    *) echo "usage: $0 [--json]" >&2; exit 64 ;;
  esac
done

scratch="${TURNERO_BENCH_SCRATCH:-.build-escpos}"
swift build -c release --scratch-path "$scratch" --product escpos-bench >&2
bench="$scratch/release/escpos-bench"

swift_json="$("$bench" --devices devices --json)"
python_json="$(python3 kiosk-scripts/bench/escpos_reference.py --iterations 15000)" || {
  echo "bench-escpos: python-escpos reference failed: $python_json" >&2
  echo "bench-escpos: install it with: pip install python-escpos" >&2
  exit 69
}

SWIFT_JSON="$swift_json" PYTHON_JSON="$python_json" JSON="$json" python3 - <<'PY'
import json, os, platform, subprocess
swift = json.loads(os.environ["SWIFT_JSON"])
python = json.loads(os.environ["PYTHON_JSON"])
model = "unknown"
try:
    for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
        if line.startswith("Model name:"):
            model = line.split(":", 1)[1].strip()
except OSError:
    pass
ratio = python["microsecondsPerTicket"] / swift["nativeMicrosecondsPerTicket"]
result = {"swift": swift, "python": python, "speedup": round(ratio, 1),
          "cpu": model, "cores": os.cpu_count(), "kernel": platform.release()}
if os.environ["JSON"] == "1":
    print(json.dumps(result, sort_keys=True))
else:
    print(f"Machine: {model}, {os.cpu_count()} cores, Linux {platform.release()}")
    print("Compose + encode one ticket (thread CPU time per ticket, best / median of 15 rounds):")
    print(f"  Swift ESCPOS, text + native QR   {swift['nativeMicrosecondsPerTicket']:8.2f} / {swift['nativeMedianMicrosecondsPerTicket']:8.2f} µs   {swift['nativeBytes']:6d} bytes")
    print(f"  Swift ESCPOS, text + raster QR   {swift['rasterSymbolsMicrosecondsPerTicket']:8.2f} / {swift['rasterSymbolsMedianMicrosecondsPerTicket']:8.2f} µs   {swift['rasterSymbolsBytes']:6d} bytes")
    print(f"  {python['tool']}")
    print(f"                                   {python['microsecondsPerTicket']:8.2f} / {python['medianMicrosecondsPerTicket']:8.2f} µs   {python['bytesPerTicket']:6d} bytes")
    median_ratio = python["medianMicrosecondsPerTicket"] / swift["nativeMedianMicrosecondsPerTicket"]
    print(f"  Swift is {ratio:.1f}x faster on best rounds, {median_ratio:.1f}x on medians (goal: at least 20x)")
    print(f"Whole ticket as one raster image: {swift['fullRasterBytes']} bytes "
          f"({swift['fullRasterBytes'] / swift['nativeBytes']:.0f}x the native ticket; goal for the ticket: at most 1536 bytes)")
    print(f"Ticket length on paper: {swift['ticketLengthMm']} mm")
PY
