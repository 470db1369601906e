"""The README's contract section names what the code really has (and nothing it lacks)."""

from __future__ import annotations

import re
from pathlib import Path

from agentbar.config import Profile
from agentbar.secrets import SECRET_NAMES
from agentbar.sim.server import SimSettings, build_app

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _documented_paths() -> set[str]:
    paths = set(re.findall(r"`(?:GET|POST|PATCH|DELETE)[^`]*?(/sim/[^` ]*)`", README))
    paths |= set(re.findall(r"`(/sim/[^` ]*)`", README))
    return {re.sub(r"\{[^}/]*\}", "{}", p) for p in paths}


def _expand(path: str) -> set[str]:
    # "/sim/faq/{a,b}" documents the actions a and b of the route /sim/faq/{action}.
    match = re.fullmatch(r"(.*/)\{([^}]*,[^}]*)\}", path)
    if match is None:
        return {path}
    return {match.group(1) + "{}"}


def test_every_simulator_control_route_is_documented() -> None:
    documented: set[str] = set()
    for path in _documented_paths():
        documented |= _expand(path)
    routes = set()
    for route in build_app(SimSettings()).router.routes():
        if route.resource is None:
            continue
        info = route.resource.get_info()
        routes.add(re.sub(r"\{[^}]*\}", "{}", info.get("formatter") or info.get("path") or ""))
    control = {r for r in routes if r.startswith("/sim/")}
    assert control, "no control routes found"
    assert control <= documented, f"undocumented: {sorted(control - documented)}"


def test_every_secret_name_is_documented() -> None:
    for name in SECRET_NAMES:
        assert f"`{name}`" in README, name


def test_every_profile_key_is_in_the_example_config() -> None:
    example = README.split("```toml", 1)[1].split("```", 1)[0]
    sections = re.findall(r"^\[(\w+)\]", example, flags=re.M)
    assert sections == list(Profile.__dataclass_fields__)
    for section in sections:
        config_type = type(getattr(Profile(), section))
        body = example.split(f"[{section}]", 1)[1].split("\n[", 1)[0]
        keys = re.findall(r"^(\w+) =", body, flags=re.M)
        assert keys == list(config_type.__dataclass_fields__), section


def test_every_service_path_the_client_uses_is_listed() -> None:
    from agentbar.cec import cases, faq, gateway, quality, recordings, tokens

    for path in (
        gateway.RESOURCE_PATH,
        recordings.CCFS_PATH,
        tokens.TOKEN_PATH,
        quality.DEFAULT_PREFIX,
        faq.API_PATH,
        cases.TOKEN_PATH,
        cases.API_PATH,
    ):
        assert path in README, path
