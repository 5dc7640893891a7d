"""Secret fields (passwords, secret keys, tokens: `"secret": true`) as the page gets the
catalog. The page keeps their values in memory only, so a field that holds a secret and is not
marked leaks it into drafts, share links, saved requests and history.

(a) The marked set is exactly tests/oracle/secret_fields.txt (a reviewed list: a change to it
    shows up in review).
(b) Every field whose name or description looks like a password, key or token is marked, or
    named in ALLOWED below with the reason it holds no secret.
(c) The importers' one decision (tools/importer/common.is_secret) on the cases that taught it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from cli_catalog import exported_operations

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tools"))
from importer.common import is_secret  # noqa: E402

LIST = HERE / "secret_fields.txt"

# Wire names that look like a secret and hold none, and why.
ALLOWED = {
    "ClientToken": "an idempotency token the caller makes up; it proves nothing",
    "X-Client-Token": "an idempotency token the caller makes up (Huawei ECS); it proves nothing",
    "NextToken": "a pagination marker handed out by the previous page of results",
    "HttpTokens": "a setting of the metadata service (optional / required), not a token",
    "CosSecretId": "the public half of a COS key pair (like an access key id); its SecretKey is marked",
    "PasswordName": "the name under which a password is stored in a parameter store, not the password",
    "WindowsPasswordName": "the name under which a password is stored in a parameter store, not the password",
    "Secret": "the name of a Kubernetes secret (\"Secret name.\"), not its content",
    "no_password_access": "a switch (\"true\"/\"false\") for password-free access",
    "KeepImageLogin": "a switch (\"true\"/\"false\"): keep the image's login settings",
    "Mode": "the name of an encryption mode",
    "UserName": "an account name",
    "username": "an account name",
    "access_user": "an account name",
    "user_id": "the id of a key's owner",
    "__system__cmkid": "the id of an encryption key, not the key",
    "expect-fields": "a list of response field names to return",
    "key_name": "the name of an SSH key pair",
    "keyname": "the name of an SSH key pair",
    "keypair_name": "the name of an SSH key pair",
    "name": "the name of an SSH key pair (ImportServerKeypair)",
    "public_key": "a public key",
    "user_data": "a boot script; its description only says it conflicts with a password",
    "metadata": "free-form key-value metadata (NovaCreateServers); its description names reserved keys",
}

NAME_LOOKS = re.compile(r"password|passwd|pwd|secret|token|credential|privatekey|pass$")
DESCRIPTION_LOOKS = re.compile(r"password|passwd|密码|口令|secret|私钥|密钥|token|令牌|credential|凭证|凭据", re.I)
# Types that cannot hold a password: switches, counts, choices, structures.
NOT_TEXT = {"boolean", "integer", "number", "enum", "object", "array", "string_bool"}

OPS = exported_operations()


def fields_of(op: dict):
    """(path, field) of every request field, list items as `name[]`."""
    def walk(fields, base):
        for f in fields:
            path = f"{base}.{f['name']}" if base else f["name"]
            yield path, f
            yield from walk(f.get("fields") or [], path)
            item = f.get("items")
            if item:
                yield path + "[]", item
                yield from walk(item.get("fields") or [], path + "[]")
    yield from walk(op.get("fields") or [], "")


def marked() -> list[str]:
    return sorted(f"{op_id} {path}" for op_id, op in OPS.items() for path, f in fields_of(op) if f.get("secret"))


def test_the_marked_fields_are_the_reviewed_list():
    assert OPS, "no exported catalog"
    want = [line for line in LIST.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert want == sorted(want), "secret_fields.txt must be sorted"
    got = marked()
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    assert not missing and not extra, (
        f"not marked but listed: {missing[:20]}\nmarked but not listed: {extra[:20]}\n"
        "(after a deliberate change: regenerate the catalog with scripts/import and update secret_fields.txt)")


@pytest.mark.parametrize("example", [
    "tencent.cvm.ResetInstancesPassword Password",
    "tencent.cvm.RunInstances LoginSettings.Password",
    "tencent.emr.CreateInstance COSSettings.CosSecretKey",
    "huawei.ecs.CreateServers server.adminPass",
    "otc.dcs.ChangePasswordDCSInstance new_password",
])
def test_the_fields_of_the_report_are_marked(example):
    assert example in marked()


def test_every_field_that_looks_like_a_secret_is_marked_or_explained():
    unexplained = []
    for op_id, op in OPS.items():
        for path, f in fields_of(op):
            if f.get("secret") or f["type"] in NOT_TEXT:
                continue
            name = re.sub(r"[^a-z0-9]", "", f["name"].lower())
            first = (f.get("description") or "")[:120]
            if (NAME_LOOKS.search(name) or DESCRIPTION_LOOKS.search(first)) and f["name"] not in ALLOWED:
                unexplained.append(f"{op_id} {path} ({f['type']}): {first[:60]!r}")
    assert not unexplained, "looks like a secret, not marked, not in ALLOWED:\n" + "\n".join(unexplained[:40])


@pytest.mark.parametrize("name, type_, description, secret", [
    ("adminPass", "string", "如果需要使用密码方式登录云服务器，可使用adminPass字段指定云服务器管理员帐户初始登录密码。", True),
    ("admin_pass", "string", "", True),
    ("X-Admin-Pass", "string", "", True),
    ("CosSecretKey", "string", "COS SecretKey.", True),
    ("PassWord", "string", "Password.", True),
    ("MetaDataPass", "string", "Custom MetaDB password.", True),
    ("Token", "string", "用户凭证", True),
    ("value", "string", "The private key of the certificate.", True),
    ("ClientToken", "string", "Used to ensure the idempotence of the request.", False),
    ("X-Client-Token", "string", "保证客户端请求幂等性的标识。", False),
    ("NextToken", "string", "The pagination token.", False),
    ("PasswordInherit", "boolean", "Whether to use the password preset in the image.", False),
    ("KeyPairName", "string", "The name of the key pair.", False),
    ("PasswordPolicyId", "string", "The password policy id.", False),
    ("password_lifetime", "integer", "Password validity period.", False),
    ("Secret", "string", "Secret name.", False),
    ("CosSecretId", "string", "COS SecretId.", False),
    ("key_name", "string", "云服务器使用的密钥对名称。", False),
    ("UserName", "string", "Username of the instance for which the password needs to be reset.", False),
])
def test_the_decision(name, type_, description, secret):
    assert is_secret(name, type_, description) is secret
