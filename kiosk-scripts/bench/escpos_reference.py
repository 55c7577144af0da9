#!/usr/bin/env python3
"""Reference for the ESC/POS benchmark: python-escpos composing the same ticket as
TicketLayout (TicketContent.sample) with its Dummy printer, timed in-process.

Usage: python3 escpos_reference.py [--iterations N] [--write FILE.bin]
Prints one JSON object: microseconds of thread CPU time per ticket (best and median round), bytes per ticket, versions.
"""
import argparse
import json
import platform
import statistics
import sys
import time

try:
    import escpos
    from escpos.printer import Dummy
except ImportError:
    print(json.dumps({"error": "python-escpos is not installed (pip install python-escpos)"}))
    sys.exit(2)

TICKET = {
    "company": "Empresa de Energía del Pacífico",
    "office": "Oficina Centro – Cali",
    "service": "Pagos y facturación",
    "label": "P-027",
    "preferential": "ATENCIÓN PREFERENCIAL",
    "issued": "23/11/2025 09:41",
    "ahead": 3,
    "estimate": "15–25 min",
    "qr": "https://turnos.example.co/t/k5mzq3x7wbtr2hd4nc6vyplfga",
    "hint": "Escanee para seguir su turno en el celular y calificar la atención",
    "footer": "¿Dudas? Pregunte en información. ¡Gracias por su visita! Línea gratuita € 0 · Año 2025, Ñandú",
}


def compose(printer, t):
    """The ticket, element for element as TicketLayout lays it out on an 80 mm Epson."""
    printer.set(align="center", bold=True)
    printer.text(t["company"] + "\n")
    printer.set(align="center", bold=False)
    printer.text(t["office"].replace("–", "-") + "\n")
    printer.text("=" * 48 + "\n")
    printer.set(align="center", bold=True, double_height=True)
    printer.text(t["service"] + "\n")
    printer.ln(1)
    printer.set(align="center", bold=False, normal_textsize=True)
    printer.text("Su turno\n")
    printer.set(align="center", bold=True, custom_size=True, width=4, height=4)
    printer.text(t["label"] + "\n")
    printer.set(align="center", bold=True, normal_textsize=True, invert=True)
    printer.text(t["preferential"] + "\n")
    printer.set(align="center", bold=False, invert=False)
    printer.ln(1)
    printer.text(t["issued"] + "\n")
    printer.text("Personas antes de usted: %d\n" % t["ahead"])
    printer.text("Espera estimada: %s\n" % t["estimate"].replace("–", "-"))
    printer.qr(t["qr"], ec=0, size=5, native=True, center=False)
    printer.set(align="center", font="b")
    printer.text(t["hint"] + "\n")
    printer.set(align="center", font="a")
    printer.text("-" * 48 + "\n")
    printer.set(align="center", font="b")
    printer.block_text(t["footer"], font="b", columns=64)
    printer.text("\n")
    printer.cut(mode="PART")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--write", help="write one ticket's bytes to this file")
    arguments = parser.parse_args()

    printer = Dummy(profile="TM-T20II")
    printer.charcode("CP858")  # one fixed code page, as the Swift encoder uses
    compose(printer, TICKET)  # warm up (imports, capability tables)
    size = len(printer.output)
    if arguments.write:
        with open(arguments.write, "wb") as handle:
            handle.write(printer.output)

    per_round = max(1, arguments.iterations // arguments.rounds)
    samples = []
    for _ in range(arguments.rounds):
        # Thread CPU time, like escpos-bench: other processes on the machine do not count.
        start = time.thread_time()
        for _ in range(per_round):
            printer.clear()
            compose(printer, TICKET)
            _ = printer.output
        samples.append((time.thread_time() - start) / per_round * 1e6)
    print(json.dumps({
        "tool": "python-escpos %s (Dummy, profile TM-T20II, CP858, native QR)" % getattr(escpos, "__version__", "?"),
        "python": platform.python_version(),
        "microsecondsPerTicket": round(min(samples), 2),
        "medianMicrosecondsPerTicket": round(statistics.median(samples), 2),
        "bytesPerTicket": size,
        "iterations": per_round * arguments.rounds,
    }))


if __name__ == "__main__":
    main()
