"""Invokes a Lambda function many times with botocore (the aws CLI's library, an independent client) and prints what ran.

usage: python3 invoke_many.py ENDPOINT ACCESS_KEY SECRET_KEY FUNCTION QUALIFIER COUNT WORKERS
prints {"versions": {"1": n, ...}, "functionErrors": {"2": k, ...}, "statusCodes": {"200": n}}
"""
import collections
import concurrent.futures
import json
import sys

import botocore.config
import botocore.session

endpoint, access_key, secret_key, function, qualifier, count, workers = sys.argv[1:8]
client = botocore.session.get_session().create_client(
    "lambda",
    region_name="us-east-1",
    endpoint_url=endpoint,
    aws_access_key_id=access_key,
    aws_secret_access_key=secret_key,
    config=botocore.config.Config(retries={"max_attempts": 1}, max_pool_connections=int(workers), read_timeout=120),
)


def invoke(_):
    answer = client.invoke(FunctionName=function, Qualifier=qualifier, Payload=b"{}")
    answer["Payload"].read()
    return answer["ExecutedVersion"], answer.get("FunctionError"), answer["StatusCode"]


versions, errors, statuses = collections.Counter(), collections.Counter(), collections.Counter()
with concurrent.futures.ThreadPoolExecutor(int(workers)) as pool:
    for version, error, status in pool.map(invoke, range(int(count))):
        versions[version] += 1
        statuses[str(status)] += 1
        if error:
            errors[version] += 1

print(json.dumps({"versions": versions, "functionErrors": errors, "statusCodes": statuses}))
