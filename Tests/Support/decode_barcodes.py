#!/usr/bin/env python3
"""Decode every barcode and QR code in PNG files with zxing-cpp, an encoder-independent reader.

Usage: python3 decode_barcodes.py FILE.png [FILE.png ...]
       python3 decode_barcodes.py --check     (exit 0 when zxing-cpp and Pillow are importable)

Prints one JSON array per run: for each symbol found, the file, the format, the symbology
identifier (]C1 is GS1-128, ]C0 plain Code 128, ]Q1 QR), the text (GS1 in HRI form with
parentheses) and the raw bytes in hex (GS1 separators appear as 1d).
Exit status: 0 on success, 2 when the libraries are missing, 1 on unreadable files.
"""
import json
import sys

try:
    import zxingcpp
    from PIL import Image
except ImportError as error:  # the Swift tests turn this into a clear failure in CI
    print(json.dumps({"error": f"missing Python package: {error.name} (pip install zxing-cpp Pillow)"}))
    sys.exit(2)


def decode(path):
    image = Image.open(path).convert("L")
    found = []
    for result in zxingcpp.read_barcodes(image, text_mode=zxingcpp.TextMode.HRI):
        found.append({
            "file": path,
            "format": str(result.format).split(".")[-1],
            "symbologyIdentifier": result.symbology_identifier,
            "text": result.text,
            "bytesHex": result.bytes.hex(),
            "valid": bool(result.valid),
        })
    return found


def main(arguments):
    if arguments == ["--check"]:
        print(json.dumps({"zxingcpp": getattr(zxingcpp, "__version__", "available")}))
        return 0
    results = []
    for path in arguments:
        try:
            results.extend(decode(path))
        except OSError as error:
            print(json.dumps({"error": f"{path}: {error}"}))
            return 1
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
