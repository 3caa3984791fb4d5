#!/usr/bin/python3
"""Reads a Compound File Binary file (an Outlook .msg) with olefile, a reader ordermail's authors
did not write, strictly (any defect olefile finds is an error), and prints its root streams as
JSON: UTF-16LE string properties (__substg1.0_XXXX001F) decoded, other streams as their size.

Usage: read_msg_olefile.py FILE
"""
import json
import sys

import olefile


def main(path: str) -> None:
    ole = olefile.OleFileIO(path, raise_defects=olefile.DEFECT_INCORRECT)
    streams = {}
    for entry in ole.listdir(streams=True, storages=False):
        name = "/".join(entry)
        data = ole.openstream(entry).read()
        if name.endswith("001F"):
            streams[name] = data.decode("utf-16-le")
        else:
            streams[name] = len(data)
    json.dump(streams, sys.stdout, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1])
