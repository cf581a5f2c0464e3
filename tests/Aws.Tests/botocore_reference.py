"""botocore as an independent reference for Pipeline's AWS client: serializes and signs one request per input line.

Each stdin line is a JSON object: model (path of a service-2.json), operation, params (the input in member names; blob
members as base64), protocol (optional: json, rest-json; default the model's), endpoint, region, access_key, secret_key,
amz_date (yyyymmddThhmmssZ: sign at this time), body (optional, base64: the body the C# client sent). One JSON line out:
method, path, query ([name, value] pairs), headers (what botocore's serializer set), body (base64 of botocore's),
body_matches (botocore's body and the given one are the same JSON, or the same bytes when not JSON) and authorization
(botocore's signature over its own request with the given body, so the signatures compare when the bodies mean the
same); or error (e.g. a ParamValidationError: botocore refuses these params).
"""
import base64
import datetime
import json
import sys
from urllib.parse import parse_qsl, urlsplit

import botocore.auth
import botocore.model
import botocore.serialize
from botocore.awsrequest import create_request_object, prepare_request_dict
from botocore.credentials import Credentials

MODELS = {}


def service_model(path):
    if path not in MODELS:
        with open(path, encoding="utf-8") as f:
            MODELS[path] = botocore.model.ServiceModel(json.load(f))
    return MODELS[path]


def blobs_to_bytes(value, shape):
    if shape is None:
        return value
    if shape.type_name == "blob" and isinstance(value, str):
        return base64.b64decode(value)
    if shape.type_name == "structure" and isinstance(value, dict) and not getattr(shape, "is_document_type", False):
        return {k: blobs_to_bytes(v, shape.members.get(k)) for k, v in value.items()}
    if shape.type_name == "list" and isinstance(value, list):
        return [blobs_to_bytes(v, shape.member) for v in value]
    if shape.type_name == "map" and isinstance(value, dict):
        return {k: blobs_to_bytes(v, shape.value) for k, v in value.items()}
    return value


def same_body(ours, theirs):
    if ours == theirs:
        return True
    try:
        return json.loads(ours or b"null") == json.loads(theirs or b"null")
    except ValueError:
        return False


def reference(args):
    service = service_model(args["model"])
    operation = service.operation_model(args["operation"])
    params = blobs_to_bytes(args["params"], operation.input_shape)
    protocol = args.get("protocol") or service.protocol
    serialized = botocore.serialize.create_serializer(protocol, include_validation=True).serialize_to_request(params, operation)
    serializer_headers = dict(serialized["headers"])
    theirs = serialized["body"] if isinstance(serialized["body"], bytes) else serialized["body"].encode("utf-8")
    prepare_request_dict(serialized, endpoint_url=args["endpoint"])
    ours = base64.b64decode(args["body"]) if args.get("body") is not None else theirs
    serialized["body"] = ours
    request = create_request_object(serialized)
    fixed = datetime.datetime.strptime(args["amz_date"], "%Y%m%dT%H%M%SZ")
    botocore.auth.get_current_datetime = lambda *a, **k: fixed
    credentials = Credentials(args["access_key"], args["secret_key"], args.get("token"))
    botocore.auth.SigV4Auth(credentials, service.signing_name, args["region"]).add_auth(request)
    url = urlsplit(request.url)
    return {
        "method": request.method,
        "path": url.path,
        "query": [list(pair) for pair in parse_qsl(url.query, keep_blank_values=True)],
        "headers": serializer_headers,
        "body": base64.b64encode(theirs).decode("ascii"),
        "body_matches": same_body(ours, theirs),
        "authorization": request.headers["Authorization"],
    }


for line in sys.stdin:
    try:
        answer = reference(json.loads(line))
    except Exception as e:  # noqa: BLE001 - every failure is reported to the test as one line
        answer = {"error": f"{type(e).__name__}: {e}"}
    print(json.dumps(answer), flush=True)
