#!/usr/bin/env python3
"""Join a regency (kabupaten/kota) to the province broker: one command for the province's operator.

    REGENCY_LINK_PASSWORD=... deploy/rabbitmq/join-regency.py 35.78 "Kota Surabaya" \\
        amqps://surabaya.example.go.id:5671/ --user province-link

sets, on the province broker, the federation upstream ``regency-<code>`` (the regency's ``suite.events``,
max-hops 1, ack-mode on-confirm, a federation queue that survives an outage of up to ``--expires-days``) and the
policy that federates the province's ``province.events`` from every joined regency; then prints the
PROVINCE_REGIONS line for the province's services. ``--leave`` removes the regency's upstream again.

It drives ``rabbitmqctl`` (no management plugin needed; set RABBITMQCTL to another path, and
RABBITMQ_NODENAME to reach another node, as for rabbitmqctl itself). The password is read from
REGENCY_LINK_PASSWORD or asked for, never taken on the command line. Only the standard library is used, so it runs
on the broker's host as it is. What the REGENCY runs first (its read-only user) is in federation.md.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import shlex
import subprocess
import sys
import urllib.parse

POLICY = "federate-province-events"
CODE = re.compile(r"^\d{2}(\.\d{2}){0,3}$")  # Kemendagri region codes: 35, 35.78, 35.78.01, ...


def rabbitmqctl(*args: str) -> str:
    command = [*shlex.split(os.environ.get("RABBITMQCTL", "rabbitmqctl")), *args]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"rabbitmqctl {args[0]} gagal: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def upstream_uri(url: str, user: str, password: str) -> str:
    """The regency's broker URL with the province's read-only credentials in it (percent-encoded)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"amqp", "amqps"} or not parts.hostname:
        raise SystemExit(f"alamat broker kabupaten/kota tidak sah: {url!r} (contoh: amqps://host:5671/)")
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    auth = f"{urllib.parse.quote(user, safe='')}:{urllib.parse.quote(password, safe='')}@"
    return urllib.parse.urlunsplit((parts.scheme, auth + host, parts.path or "/", parts.query, ""))


def upstream_name(code: str) -> str:
    return f"regency-{code}"


def join(args) -> None:
    password = os.environ.get("REGENCY_LINK_PASSWORD") or getpass.getpass(f"Kata sandi {args.user} di {args.url}: ")
    value = {
        "uri": upstream_uri(args.url, args.user, password),
        "exchange": args.upstream_exchange,
        "max-hops": 1,
        "ack-mode": "on-confirm",
        "trust-user-id": False,
        "prefetch-count": 1000,
        "reconnect-delay": 5,
        "expires": args.expires_days * 24 * 3600 * 1000,
    }
    rabbitmqctl("set_parameter", "-p", args.vhost, "federation-upstream", upstream_name(args.code), json.dumps(value))
    pattern = "^" + re.escape(args.exchange) + "$"
    definition = json.dumps({"federation-upstream-set": "all"})
    rabbitmqctl("set_policy", "-p", args.vhost, "--apply-to", "exchanges", "--priority", "10",
                POLICY, pattern, definition)  # fmt: skip
    print(f"{args.code} ({args.name}) tergabung: upstream {upstream_name(args.code)} -> {args.exchange}")
    print("Tambahkan wilayah ini ke PROVINCE_REGIONS layanan provinsi (ppid, newsroom, registry):")
    print(f"  {args.code}={args.name}")
    print("Lalu minta kabupaten/kota menjalankan sekali: flask --app <layanan> province-snapshot")


def leave(args) -> None:
    rabbitmqctl("clear_parameter", "-p", args.vhost, "federation-upstream", upstream_name(args.code))
    print(f"{args.code}: upstream {upstream_name(args.code)} dihapus; hapus juga dari PROVINCE_REGIONS")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Gabungkan broker kabupaten/kota ke broker provinsi (federasi).")
    parser.add_argument("code", help="kode wilayah Kemendagri kabupaten/kota, mis. 35.78 (= ORG_CODE-nya)")
    parser.add_argument("name", nargs="?", default="", help='nama wilayah, mis. "Kota Surabaya"')
    parser.add_argument("url", nargs="?", default="", help="alamat broker kabupaten/kota, mis. amqps://host:5671/")
    parser.add_argument("--user", default="province-link", help="pengguna baca-saja yang diberikan kabupaten/kota")
    parser.add_argument("--vhost", default="/", help="vhost provinsi (bawaan /)")
    parser.add_argument("--exchange", default="province.events", help="exchange provinsi (PROVINCE_EXCHANGE)")
    parser.add_argument("--upstream-exchange", default="suite.events", help="exchange kabupaten/kota")
    parser.add_argument("--expires-days", type=int, default=7, help="berapa lama antrean menunggu saat putus")
    parser.add_argument("--leave", action="store_true", help="lepaskan kabupaten/kota ini")
    args = parser.parse_args(argv)
    if not CODE.match(args.code):
        parser.error(f"kode wilayah tidak sah: {args.code!r} (contoh: 35.78)")
    if args.leave:
        leave(args)
        return
    if not args.url:
        parser.error("alamat broker kabupaten/kota wajib diisi")
    args.name = args.name.strip() or args.code
    if "," in args.name or "=" in args.name:
        parser.error("nama wilayah tidak boleh memuat koma atau tanda sama dengan")
    join(args)


if __name__ == "__main__":
    main(sys.argv[1:])
