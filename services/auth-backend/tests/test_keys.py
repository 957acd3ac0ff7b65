"""Signing keys: generated once into the key directory, published as a JWKS, rotated by the CLI
without invalidating tokens signed by the previous key; PEM keys from the environment."""

from __future__ import annotations

from pathlib import Path

import httpx
import jwt as pyjwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from joserfc import jwt
from joserfc.jwk import KeySet

from auth_backend.cli import main as cli_main
from auth_backend.security.keys import KeyDirectory, SigningKeyError, load_keyring


def _verify_with(jwks: dict[str, object], token: str) -> dict[str, object]:
    decoded = jwt.decode(token, KeySet.import_key_set(jwks), algorithms=["ES256"])  # type: ignore[arg-type]
    return dict(decoded.claims)


class TestJWKS:
    async def test_publishes_the_signing_key(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/.well-known/jwks.json")
        assert response.status_code == 200
        keys = response.json()["keys"]
        assert len(keys) == 1
        assert keys[0]["kty"] == "EC"
        assert keys[0]["crv"] == "P-256"
        assert keys[0]["alg"] == "ES256"
        assert "d" not in keys[0]


class TestKeyDirectory:
    def test_generated_once(self, tmp_path: Path) -> None:
        first = load_keyring(pem_text=None, pem_file=None, directory=tmp_path, generate=True)
        again = load_keyring(pem_text=None, pem_file=None, directory=tmp_path, generate=True)
        assert first.current.kid == again.current.kid
        assert len(list(tmp_path.glob("*.pem"))) == 1
        assert (tmp_path / next(tmp_path.glob("*.pem")).name).stat().st_mode & 0o077 == 0

    def test_missing_keys_are_refused_when_not_generating(self, tmp_path: Path) -> None:
        with pytest.raises(SigningKeyError):
            load_keyring(pem_text=None, pem_file=None, directory=tmp_path, generate=False)

    def test_rotation_keeps_the_previous_key(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        old = load_keyring(pem_text=None, pem_file=None, directory=tmp_path, generate=True)
        token = old.sign({"sub": "x"})
        monkeypatch.setenv("JWT_KEYS_DIR", str(tmp_path))
        from auth_backend.settings import get_settings

        get_settings.cache_clear()
        try:
            assert cli_main(["rotate-keys"]) == 0
            assert cli_main(["rotate-keys"]) == 0
        finally:
            get_settings.cache_clear()
        ring = load_keyring(pem_text=None, pem_file=None, directory=tmp_path, generate=False)
        assert len(ring.keys) == 2
        assert ring.current.kid != old.current.kid
        assert old.current.kid not in {k.kid for k in ring.keys}
        # The previous key (second rotation's old current) still verifies.
        previous = ring.keys[0]
        assert previous.kid in {k["kid"] for k in ring.jwks()["keys"]}
        newer_token = ring.sign({"sub": "y"})
        assert _verify_with(ring.jwks(), newer_token)["sub"] == "y"
        with pytest.raises(Exception, match=r"(?i)key"):
            _verify_with(ring.jwks(), token)

    def test_previous_key_verifies_after_one_rotation(self, tmp_path: Path) -> None:
        store = KeyDirectory(tmp_path)
        store.ensure()
        before = load_keyring(pem_text=None, pem_file=None, directory=tmp_path, generate=False)
        token = before.sign({"sub": "kept"})
        store.rotate(keep=2)
        after = load_keyring(pem_text=None, pem_file=None, directory=tmp_path, generate=False)
        assert after.current.kid != before.current.kid
        assert _verify_with(after.jwks(), token)["sub"] == "kept"


class TestKeysFromEnvironment:
    def _pem(self) -> str:
        key = ec.generate_private_key(ec.SECP256R1())
        return key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()

    def test_last_pem_signs(self, tmp_path: Path) -> None:
        text = self._pem() + "\n" + self._pem()
        ring = load_keyring(pem_text=text, pem_file=None, directory=tmp_path, generate=True)
        assert len(ring.keys) == 2
        assert not list(tmp_path.glob("*.pem"))
        header_kid = pyjwt.get_unverified_header(ring.sign({"sub": "a"}))["kid"]
        assert header_kid == ring.keys[1].kid

    def test_wrong_curve_is_refused(self, tmp_path: Path) -> None:
        key = ec.generate_private_key(ec.SECP384R1())
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        with pytest.raises(SigningKeyError):
            load_keyring(pem_text=pem, pem_file=None, directory=tmp_path, generate=False)


def test_keys_from_a_file(tmp_path: Path) -> None:
    KeyDirectory(tmp_path / "made").add()
    pem = next((tmp_path / "made").glob("*.pem")).read_text()
    key_file = tmp_path / "keys.pem"
    key_file.write_text(pem)
    ring = load_keyring(
        pem_text=None, pem_file=key_file, directory=tmp_path / "unused", generate=True
    )
    assert len(ring.keys) == 1
    assert not (tmp_path / "unused").exists()


def test_key_directory_follows_var_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from auth_backend.settings import Settings

    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.delenv("JWT_KEYS_DIR", raising=False)
    assert Settings(_env_file=None).keys_dir == tmp_path / "keys"
    monkeypatch.setenv("JWT_KEYS_DIR", "/elsewhere/keys")
    assert Settings(_env_file=None).keys_dir == Path("/elsewhere/keys")
