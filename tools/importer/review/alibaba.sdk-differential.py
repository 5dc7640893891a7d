"""Differential check of the generated Alibaba catalog (a review aid, not part of the import):
for every operation, values made from the catalog's own fields (every field, nested, two items
per array, JSON-encoded parameters, non-ASCII text) are sent through the official SDK (its
`call_api` replaced, so nothing leaves the machine) and through `cloudreq build`; the query and
the form body are compared key by key, byte for byte, after one normalisation: the Python SDK
writes booleans as True/False, cloudreq as true/false.

Run after `scripts/import` and `cargo build -p cloudreq-cli`, with the project's venv (which has
alibabacloud-tea-openapi and the EMR SDK; the ECS wheel comes from the import cache):
    .venv/bin/python tools/importer/review/alibaba.sdk-differential.py
"""
import sys, json, subprocess, urllib.parse, importlib
from pathlib import Path
ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / 'target/import-cache/alibabacloud_ecs20140526-7.11.8-py3-none-any.whl.d'))
from alibabacloud_tea_openapi import utils_models as um
from alibabacloud_tea_openapi.utils import Utils
from darabonba.runtime import RuntimeOptions
sys.path.insert(0, str(ROOT / 'tools'))
from importer import alibaba

counter = [0]
def value(f):
    counter[0] += 1
    n = counter[0]
    t = f['type']
    if t == 'enum': return f['values'][0]['value']
    if t == 'string': return f'v{n} é&='
    if t == 'json_string': return '{"k%d":"x y"}' % n
    if t == 'integer': return n
    if t == 'number': return n + 0.5
    if t == 'boolean': return bool(n % 2)
    if t == 'array': return [value(f['items']), value(f['items'])]
    if t == 'object': return {m['name']: value(m) for m in f['fields']}
    raise ValueError(t)

def sdk_side(pkg, method, reqcls, values):
    mod = importlib.import_module(pkg + '.client'); models = importlib.import_module(pkg + '.models')
    c = mod.Client(um.Config(access_key_id='AK', access_key_secret='SK', region_id='cn-hangzhou'))
    got = {}
    def fake(params, req, runtime):
        got['q'] = dict(req.query or {}); got['b'] = Utils.query(req.body) if req.body else {}
        return {'body': {}, 'headers': {}, 'statusCode': 200}
    c.call_api = fake
    getattr(c, method)(getattr(models, reqcls)().from_map(values), RuntimeOptions())
    return got['q'], got['b']

def our_side(id, values):
    out = subprocess.run([str(ROOT / 'target/debug/cloudreq'), 'build', id, '--values', '-', '--format', 'http', '--force'],
                         input=json.dumps(values), capture_output=True, text=True)
    if out.returncode: return None, out.stderr
    head, _, body = out.stdout.partition('\n\n')
    target = head.splitlines()[0].split(' ')[1]
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(target).query, keep_blank_values=True))
    b = dict(urllib.parse.parse_qsl(body.strip('\n'), keep_blank_values=True)) if body.strip() else {}
    return q, b

def norm(v):
    return {'True': 'true', 'False': 'false'}.get(v, v)

ops = {}
for pkg, svc in (('alibabacloud_emr20210320', 'emr/2021-03-20'), ('alibabacloud_ecs20140526', 'ecs/2014-05-26')):
    src = open(importlib.import_module(pkg).__path__[0] + '/client.py').read()
    for op in alibaba.parse_client(src):
        ops[(svc, op.params['action'])] = (pkg, op.method_name, op.request_class, svc)
total = bad = 0
kinds = {}
for (_, action), (pkg, method, reqcls, svc) in sorted(ops.items()):
    entry = json.load(open(ROOT / f'catalog/alibaba/{svc}/{action}.json'))
    values = {f['name']: value(f) for f in entry['fields']}
    if 'RegionId' in values: values['RegionId'] = 'cn-hangzhou'
    sdk_values = dict(values)
    for f in entry['fields']:
        if f['type'] == 'json_string': sdk_values[f['name']] = json.loads(values[f['name']])
    sq, sb = sdk_side(pkg, method, reqcls, sdk_values)
    oq, ob = our_side(f"alibaba.{svc.split('/')[0]}.{action}", values)
    total += 1
    if oq is None:
        bad += 1; print(action, 'BUILD FAILED', ob[:200]); continue
    diffs = []
    for where, a, b in (('query', sq, oq), ('body', sb, ob)):
        for k in sorted(set(a) | set(b)):
            x, y = norm(a.get(k)), b.get(k)
            if x != y:
                if x and y and x.startswith(('[', '{')):
                    try:
                        if json.loads(x) == json.loads(y): diffs.append((where, k, 'json key order', x[:80], y[:80])); continue
                    except ValueError: pass
                diffs.append((where, k, 'value', x if x is None else x[:100], y if y is None else y[:100]))
    if diffs:
        bad += 1
        for d in diffs[:4]: print(action, *d)
        for d in diffs: kinds[d[2]] = kinds.get(d[2], 0) + 1
print('operations', total, 'with differences', bad, kinds)
sys.exit(1 if bad else 0)
