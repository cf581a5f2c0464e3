"""Signs AWS JSON 1.1 requests with botocore's SigV4Auth at a fixed time and prints each Authorization header.

Usage: python3 sigv4_reference.py <json>, or one <json> per line on standard input (one header line out per line in,
so one process answers many requests). json has url, body, target, access_key, secret_key, token, region, service,
timestamp (yyyymmddThhmmssZ). An independent reference for the C# signer.
"""
import datetime
import json
import sys

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def authorization(args):
    fixed = datetime.datetime.strptime(args["timestamp"], "%Y%m%dT%H%M%SZ")
    botocore.auth.get_current_datetime = lambda *a, **k: fixed
    request = AWSRequest(
        method="POST",
        url=args["url"],
        data=args["body"].encode("utf-8"),
        headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": args["target"]},
    )
    credentials = Credentials(args["access_key"], args["secret_key"], args.get("token"))
    botocore.auth.SigV4Auth(credentials, args["service"], args["region"]).add_auth(request)
    return request.headers["Authorization"]


if len(sys.argv) > 1:
    print(authorization(json.loads(sys.argv[1])))
else:
    for line in sys.stdin:
        print(authorization(json.loads(line)), flush=True)
