"""S3 on loopback for the document tests: moto's server (moto[server], from PyPI) in a
thread, spoken to over HTTP by boto3 exactly as a real S3-compatible service would be."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from moto.server import ThreadedMotoServer

# moto accepts any credentials; boto3 needs some to sign its requests
TOEGANGSSLEUTEL = "casus-test"
GEHEIM = "casus-test-geheim"
REGIO = "eu-west-1"


@contextmanager
def s3_server() -> Iterator[str]:
    """moto's S3 on a free loopback port while the block runs: its endpoint URL
    (``http://127.0.0.1:PORT``). It starts empty; ``maak_bucket`` makes a bucket."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, poort = server.get_host_and_port()
        yield f"http://{host}:{poort}"
    finally:
        server.stop()
        werkzeug_server = getattr(server, "_server", None)
        if werkzeug_server is not None:
            werkzeug_server.server_close()


@functools.cache
def client(endpoint: str) -> Any:
    """A boto3 client of the server at ``endpoint`` (made once: boto3 takes a while)."""
    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGIO,
        aws_access_key_id=TOEGANGSSLEUTEL,
        aws_secret_access_key=GEHEIM,
    )


def maak_bucket(endpoint: str, naam: str) -> None:
    """A new, empty bucket ``naam`` on the server at ``endpoint``."""
    client(endpoint).create_bucket(
        Bucket=naam, CreateBucketConfiguration={"LocationConstraint": REGIO}
    )
