from tests.support.dcc_tools import PACKAGES, dcc_package


def test_every_dcc_package_unpacks_with_its_manifest():
    for name, version in PACKAGES.items():
        manifest = dcc_package(name) / "package.json"
        text = manifest.read_text()
        assert f'"name": "{name}"' in text
        assert f'"version": "{version}"' in text
