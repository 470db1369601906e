"""The first-run dialog: field checks as the person types, file and profile checks on OK."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from agentbar.config import validate_profile
from agentbar.ui.setup.setup_dialog import SetupDialog


def fill(dialog: SetupDialog, **values: str) -> None:
    fields = {
        "url": dialog.url,
        "agent_id": dialog.agent_id,
        "phone": dialog.phone,
        "ca_bundle": dialog.ca_bundle,
        "password": dialog.password_edit,
    }
    for key, value in values.items():
        fields[key].setText(value)


def ok_enabled(dialog: SetupDialog) -> bool:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


VALID = {
    "url": "https://10.1.1.1:8043",
    "agent_id": "291",
    "phone": "88880001",
    "password": "secret",
}


def test_empty_dialog_cannot_be_accepted_and_names_every_missing_field(qtbot):
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    assert not ok_enabled(dialog)
    dialog.show_all_problems()
    for key in ("url", "agent_id", "phone", "password"):
        assert dialog.errors[key].isVisibleTo(dialog), key
        assert dialog.errors[key].text()


def test_bad_values_are_explained_and_keep_ok_disabled(qtbot):
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    fill(dialog, **{**VALID, "url": "ftp://gw", "agent_id": "12", "phone": "12ab"})
    dialog.show_all_problems()
    assert not ok_enabled(dialog)
    assert "https://" in dialog.errors["url"].text()
    assert "3 to 6 digits" in dialog.errors["agent_id"].text()
    assert "24 digits" in dialog.errors["phone"].text()
    fill(dialog, url="https://gw.example:8043/agentgateway")
    assert "path" in dialog.errors["url"].text()
    fill(dialog, url="https://gw.example:99999")
    assert "65535" in dialog.errors["url"].text()


def test_untouched_fields_are_not_scolded(qtbot):
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, url="nonsense")
    assert not dialog.errors["agent_id"].isVisible()


def test_valid_values_enable_ok_and_make_a_loadable_profile(qtbot):
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    fill(dialog, **VALID)
    assert ok_enabled(dialog)
    profile = dialog.profile()
    validate_profile(profile)  # what the dialog returns is what the config accepts
    assert profile.gateway.url == "https://10.1.1.1:8043"
    assert profile.gateway.agent_id == "291"
    assert profile.tls.verify is True
    assert dialog.password() == "secret"
    assert dialog.remember() is True
    assert "secret" not in repr(profile)


def test_missing_ca_bundle_is_refused_on_ok(qtbot, qloop, tmp_path):
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    fill(dialog, **VALID, ca_bundle=str(tmp_path / "missing.pem"))
    accepted = qloop.run_until_complete(dialog.check_and_accept())
    assert not accepted
    assert dialog.result() != SetupDialog.DialogCode.Accepted
    assert "CA bundle" in dialog.errors["ca_bundle"].text()

    pem = tmp_path / "ca.pem"
    pem.write_text("-----BEGIN CERTIFICATE-----\n")
    fill(dialog, ca_bundle=str(pem))
    assert qloop.run_until_complete(dialog.check_and_accept())
    assert dialog.result() == SetupDialog.DialogCode.Accepted
    assert dialog.profile().tls.ca_bundle == str(pem)
